package org.vigil.core.signal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The content matched a bank signal whose hash is marked benign (a negative bank): a moderator
 * overturned a match on it, or an exchange said it is not what it was listed as. The match is kept
 * in the decision, with why it was set aside, but it is not a {@link HashMatch}: no policy acts on
 * it, in any bank that holds the hash.
 *
 * @param bank the bank's name
 * @param signalId the matched signal's id in the bank
 * @param type {@code pdq}, {@code md5}, ...
 * @param distance Hamming distance for PDQ, 0 for exact digests
 * @param reason why the hash is benign, in words
 * @param origin {@code local} (our moderator) or {@code exchange}
 * @param markedBy who judged it (a moderator, or the exchange's member)
 * @param exchange the exchange that gave the opinion, or null
 * @param caseId the review case it was decided on, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenignMatch(
    String bank,
    long signalId,
    String type,
    int distance,
    String reason,
    String origin,
    String markedBy,
    String exchange,
    String caseId)
    implements Signal {}
