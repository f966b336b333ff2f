package org.vigil.core.matcher;

import org.vigil.core.banks.BankAction;
import org.vigil.core.banks.SignalType;

/**
 * A bank signal the scanned content matched.
 *
 * @param distance Hamming distance for PDQ; 0 for exact digests
 */
public record Match(String bank, long signalId, SignalType type, int distance, BankAction action) {}
