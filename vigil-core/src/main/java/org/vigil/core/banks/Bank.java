package org.vigil.core.banks;

import java.time.Instant;

/**
 * A named hash list with its own matching rules.
 *
 * @param pdqThreshold largest Hamming distance that counts as a PDQ match (0–256; 31 by default)
 * @param video when its vPDQ and TMK signals match
 * @param tenant the tenant a private bank belongs to, or null for a bank shared by every tenant
 */
public record Bank(
    String name,
    String description,
    int pdqThreshold,
    BankAction action,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt,
    VideoThresholds video,
    String tenant) {

  public static final int DEFAULT_PDQ_THRESHOLD = 31;

  public Bank {
    video = video == null ? VideoThresholds.DEFAULT : video;
  }

  /** A shared bank. */
  public Bank(
      String name,
      String description,
      int pdqThreshold,
      BankAction action,
      boolean enabled,
      Instant createdAt,
      Instant updatedAt,
      VideoThresholds video) {
    this(name, description, pdqThreshold, action, enabled, createdAt, updatedAt, video, null);
  }

  /** Whether a key of {@code tenant} sees this bank: a shared one, or its own private one. */
  public boolean visibleTo(String tenant) {
    return this.tenant == null || this.tenant.equals(tenant);
  }

  /** A shared bank with the default video thresholds. */
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
