package org.vigil.core.banks;

/**
 * When a bank's video signals match (docs/video.md, "Per-bank thresholds"). The defaults are the
 * values every bank used before they were settable.
 *
 * @param vpdqFrameDistance largest PDQ distance at which a query frame and a stored frame match
 *     (0–256; 31, inclusive as python-threatexchange counts it)
 * @param vpdqQueryPercent a stored video matches only when at least this % of the query's frames
 *     matched one of its frames (0–100; 0)
 * @param vpdqTargetPercent a stored video matches only when at least this % of its own frames were
 *     found in the query (0–100; 80: "the upload contains the known video")
 * @param tmkLevel1 a TMK signal matches only when the level-1 score (cosine of the average
 *     features) is at least this (0–1; 0.7, the reference's default)
 * @param tmkLevel2 ... and the level-2 score (best time-aligned kernel score) at least this (0–1;
 *     0.7)
 */
public record VideoThresholds(
    int vpdqFrameDistance,
    double vpdqQueryPercent,
    double vpdqTargetPercent,
    double tmkLevel1,
    double tmkLevel2) {

  public static final VideoThresholds DEFAULT = new VideoThresholds(31, 0, 80, 0.7, 0.7);

  /**
   * @throws IllegalArgumentException naming the first value out of range (the bank API checks the
   *     same ranges field by field, with their JSON names)
   */
  public VideoThresholds {
    if (vpdqFrameDistance < 0 || vpdqFrameDistance > 256) {
      throw new IllegalArgumentException("vpdqFrameDistance must be between 0 and 256");
    }
    if (!(vpdqQueryPercent >= 0 && vpdqQueryPercent <= 100)) {
      throw new IllegalArgumentException("vpdqQueryPercent must be between 0 and 100");
    }
    if (!(vpdqTargetPercent >= 0 && vpdqTargetPercent <= 100)) {
      throw new IllegalArgumentException("vpdqTargetPercent must be between 0 and 100");
    }
    if (!(tmkLevel1 >= 0 && tmkLevel1 <= 1)) {
      throw new IllegalArgumentException("tmkLevel1Threshold must be between 0 and 1");
    }
    if (!(tmkLevel2 >= 0 && tmkLevel2 <= 1)) {
      throw new IllegalArgumentException("tmkLevel2Threshold must be between 0 and 1");
    }
  }
}
