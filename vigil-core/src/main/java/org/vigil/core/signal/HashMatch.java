package org.vigil.core.signal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The content's hash matched a signal of a bank.
 *
 * @param bank the bank's name
 * @param signalId the matched signal's id in the bank
 * @param type {@code pdq}, {@code md5} or {@code sha256}
 * @param distance Hamming distance for PDQ, 0 for exact digests
 * @param category the signal's category as imported, or null
 * @param source where the signal came from (a hash list, an exchange), or null
 * @param bankAction the bank's configured action ({@code block}, {@code review}, {@code label}),
 *     which the built-in policy follows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HashMatch(
    String bank,
    long signalId,
    String type,
    int distance,
    String category,
    String source,
    String bankAction)
    implements Signal {}
