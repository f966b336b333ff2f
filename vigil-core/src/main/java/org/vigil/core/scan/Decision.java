package org.vigil.core.scan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored verdict on one piece of content, with everything needed to explain it later.
 *
 * @param hashes the hashes that were matched (pdq, pdqQuality, md5, sha256 when known)
 * @param verdict {@code block}, {@code review}, {@code label} or {@code allow}
 * @param context what the platform told us about the content (contentId, userId, ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(
    String decisionId,
    Instant createdAt,
    Map<String, Object> hashes,
    List<MatchView> matches,
    String verdict,
    List<String> actions,
    List<Reason> reasons,
    Map<String, Object> context,
    String policyVersion,
    String decidedBy) {

  /**
   * A match as the API shows it.
   *
   * @param timestamp for a video, the time (seconds) of the frame that matched (for vPDQ, the first
   *     matching frame); null otherwise
   * @param queryPercent for a vPDQ match, the share of the scanned video's frames found in the
   *     signal's video
   * @param targetPercent for a vPDQ match, the share of the signal's video found in the scanned one
   * @param level1 for a TMK match, the level-1 score
   * @param level2 for a TMK match, the level-2 score
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MatchView(
      String bank,
      long signalId,
      String type,
      int distance,
      Double timestamp,
      Double queryPercent,
      Double targetPercent,
      Double level1,
      Double level2) {

    /** A match of a whole piece of content (no frame time). */
    public MatchView(String bank, long signalId, String type, int distance) {
      this(bank, signalId, type, distance, null, null, null, null, null);
    }

    /** A frame of a video matched an image signal. */
    public MatchView(String bank, long signalId, String type, int distance, Double timestamp) {
      this(bank, signalId, type, distance, timestamp, null, null, null, null);
    }
  }
}
