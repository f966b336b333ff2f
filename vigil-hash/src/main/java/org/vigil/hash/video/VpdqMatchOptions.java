package org.vigil.hash.video;

/**
 * How two vPDQ hashes are compared, and when the comparison is a match.
 *
 * <p>The two reference matchers differ (docs/video.md): Meta's C++ {@code match-hashes-brute} keeps
 * duplicate frame hashes and counts a frame pair at distance {@code < 31}; the Python matcher of
 * python-threatexchange (and the pseudocode in vpdq/README.md) first drops exact duplicate hashes
 * and counts distance {@code <= 31}. Vigil defaults to the latter, which is what hash-sharing
 * partners running python-threatexchange or HMA compute.
 *
 * @param maxDistance the PDQ Hamming distance of a frame match (31)
 * @param strictDistance true: a frame pair matches at {@code distance < maxDistance} (C++); false:
 *     at {@code distance <= maxDistance} (Python)
 * @param minQuality frames of lower quality are ignored on both sides (50)
 * @param dropDuplicates drop frames whose hash equals an earlier frame's (Python), before matching
 * @param minQueryPercent match only when at least this % of the query's frames matched
 * @param minTargetPercent match only when at least this % of the stored video's frames matched
 */
public record VpdqMatchOptions(
    int maxDistance,
    boolean strictDistance,
    int minQuality,
    boolean dropDuplicates,
    double minQueryPercent,
    double minTargetPercent) {

  /**
   * Vigil's default: python-threatexchange's frame rule ({@code <= 31}, quality 50, duplicates
   * dropped), and a match when 80 % of the stored video was found in the query, whatever else the
   * query contains (vpdq/README.md's example). python-threatexchange instead requires 80 % of the
   * query; that misses a known clip inside a longer upload, the common way known material is
   * re-shared. Both percentages are reported with every match, and banks can set either.
   */
  public static final VpdqMatchOptions DEFAULT = new VpdqMatchOptions(31, false, 50, true, 0, 80);

  /** python-threatexchange's VPDQSignal / VPDQIndex: 80 % of the query, any % of the target. */
  public static final VpdqMatchOptions PYTHON_THREATEXCHANGE =
      new VpdqMatchOptions(31, false, 50, true, 80, 0);

  /** Meta's C++ {@code match-hashes-brute QUERY TARGET 31 50} frame rule, README thresholds. */
  public static final VpdqMatchOptions CPP_BRUTE = new VpdqMatchOptions(31, true, 50, false, 0, 80);

  public VpdqMatchOptions {
    if (maxDistance < 0 || maxDistance > 256) {
      throw new IllegalArgumentException("maxDistance must be 0-256");
    }
    if (minQuality < 0 || minQuality > 100) {
      throw new IllegalArgumentException("minQuality must be 0-100");
    }
    if (!(minQueryPercent >= 0 && minQueryPercent <= 100)) {
      throw new IllegalArgumentException("minQueryPercent must be 0-100");
    }
    if (!(minTargetPercent >= 0 && minTargetPercent <= 100)) {
      throw new IllegalArgumentException("minTargetPercent must be 0-100");
    }
  }

  /** The largest distance that counts as a frame match ({@code maxDistance - 1} when strict). */
  public int inclusiveDistance() {
    return strictDistance ? maxDistance - 1 : maxDistance;
  }

  /** These options with frames matching at distance {@code <= distance} (Python's rule). */
  public VpdqMatchOptions withFrameDistance(int distance) {
    return new VpdqMatchOptions(
        distance, false, minQuality, dropDuplicates, minQueryPercent, minTargetPercent);
  }

  public VpdqMatchOptions withThresholds(double queryPercent, double targetPercent) {
    return new VpdqMatchOptions(
        maxDistance, strictDistance, minQuality, dropDuplicates, queryPercent, targetPercent);
  }
}
