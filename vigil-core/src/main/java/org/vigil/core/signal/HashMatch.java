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
 * @param timestamp for a video, the time in seconds of the frame (or first vPDQ frame) that
 *     matched; null otherwise
 * @param queryPercent for a vPDQ match, the share of the video's frames that matched
 * @param targetPercent for a vPDQ match, the share of the stored video's frames that matched
 * @param level1 for a TMK match, the level-1 (coarse) score
 * @param level2 for a TMK match, the level-2 score
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HashMatch(
    String bank,
    long signalId,
    String type,
    int distance,
    String category,
    String source,
    String bankAction,
    Double timestamp,
    Double queryPercent,
    Double targetPercent,
    Double level1,
    Double level2)
    implements Signal {

  /** A match of a whole image or file. */
  public HashMatch(
      String bank,
      long signalId,
      String type,
      int distance,
      String category,
      String source,
      String bankAction) {
    this(
        bank, signalId, type, distance, category, source, bankAction, null, null, null, null, null);
  }
}
