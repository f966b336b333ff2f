package org.vigil.core.banks;

/** A validated signal not yet stored. */
public record NewSignal(
    SignalType type, String value, String externalId, String source, String category) {}
