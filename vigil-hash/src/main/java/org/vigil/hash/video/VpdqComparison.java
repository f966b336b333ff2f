package org.vigil.hash.video;

/**
 * The result of comparing a query video with one stored (target) video.
 *
 * @param queryPercent share of the query's kept frames with a matching target frame (0–100)
 * @param targetPercent share of the target's kept frames with a matching query frame (0–100)
 * @param queryFrames query frames kept after the quality filter (and de-duplication)
 * @param targetFrames target frames kept likewise
 * @param firstMatchTimestamp the query timestamp (seconds) of the first matching query frame, or
 *     NaN when none matched
 */
public record VpdqComparison(
    double queryPercent,
    double targetPercent,
    int queryFrames,
    int targetFrames,
    float firstMatchTimestamp) {

  /**
   * True when both percentages reach the options' thresholds. A side with no kept frame never
   * matches (the Python reference divides by zero there; the C++ one reports 0 %).
   */
  public boolean isMatch(VpdqMatchOptions options) {
    return queryFrames > 0
        && targetFrames > 0
        && queryPercent > 0
        && queryPercent >= options.minQueryPercent()
        && targetPercent >= options.minTargetPercent();
  }
}
