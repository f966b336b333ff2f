package org.vigil.core.banks;

/**
 * The settings a caller gives when creating or updating a bank; null means "default" on create and
 * "unchanged" on update.
 *
 * @param vpdqFrameDistance see {@link VideoThresholds} for this and the four after it
 */
public record BankSettings(
    String description,
    Integer pdqThreshold,
    String action,
    Boolean enabled,
    Integer vpdqFrameDistance,
    Double vpdqQueryPercent,
    Double vpdqTargetPercent,
    Double tmkLevel1Threshold,
    Double tmkLevel2Threshold) {

  /** Settings that leave the video thresholds at their defaults (or unchanged). */
  public BankSettings(String description, Integer pdqThreshold, String action, Boolean enabled) {
    this(description, pdqThreshold, action, enabled, null, null, null, null, null);
  }
}
