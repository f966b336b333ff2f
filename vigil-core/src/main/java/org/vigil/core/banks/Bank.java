package org.vigil.core.banks;

import java.time.Instant;

/**
 * A named hash list with its own matching rules.
 *
 * @param pdqThreshold largest Hamming distance that counts as a PDQ match (0–256; 31 by default)
 * @param video when its vPDQ and TMK signals match
 */
public record Bank(
    String name,
    String description,
    int pdqThreshold,
    BankAction action,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt,
    VideoThresholds video) {

  public static final int DEFAULT_PDQ_THRESHOLD = 31;

  public Bank {
    video = video == null ? VideoThresholds.DEFAULT : video;
  }

  /** A bank with the default video thresholds. */
  public Bank(
      String name,
      String description,
      int pdqThreshold,
      BankAction action,
      boolean enabled,
      Instant createdAt,
      Instant updatedAt) {
    this(
        name,
        description,
        pdqThreshold,
        action,
        enabled,
        createdAt,
        updatedAt,
        VideoThresholds.DEFAULT);
  }
}
