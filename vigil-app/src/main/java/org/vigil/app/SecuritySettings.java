package org.vigil.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.vigil.core.courtorders.SubscriberAddressLimits;

/**
 * The settings that answer the security review (issue 15), kept together in one component of {@link
 * VigilConfig}; each key is validated at start and named when wrong.
 *
 * @param subscriberAddresses widest prefix a subscriber line may be reported with
 *     (VIGIL_SUBSCRIBER_WIDEST_IPV4, default 32; VIGIL_SUBSCRIBER_WIDEST_IPV6, default 56)
 * @param auditSigningKeyFile Ed25519 key that signs audit checkpoints; null = {@code
 *     <dataDir>/audit-signing.key}, generated owner-only on first start. Keep it off the database
 *     host's backups: whoever holds it can sign a rewritten chain. (VIGIL_AUDIT_SIGNING_KEY_FILE)
 * @param auditCheckpointFile append-only file of signed checkpoints; null = {@code
 *     <dataDir>/audit-checkpoints.jsonl} (VIGIL_AUDIT_CHECKPOINT_FILE)
 * @param auditCheckpointEvery how often the chain head is signed (VIGIL_AUDIT_CHECKPOINT_SECONDS,
 *     default 60)
 * @param decidePerSecond sustained POST /v1/decide calls allowed per API key (VIGIL_DECIDE_RATE,
 *     default 50; 0 = no limit)
 * @param decideBurst calls a key may make at once before the rate applies (VIGIL_DECIDE_BURST,
 *     default 100)
 */
public record SecuritySettings(
    SubscriberAddressLimits subscriberAddresses,
    Path auditSigningKeyFile,
    Path auditCheckpointFile,
    Duration auditCheckpointEvery,
    double decidePerSecond,
    int decideBurst) {

  public SecuritySettings {
    if (subscriberAddresses == null) {
      throw new IllegalArgumentException("subscriberAddresses must be set");
    }
    if (auditCheckpointEvery == null || auditCheckpointEvery.toMillis() < 100) {
      throw new IllegalArgumentException("VIGIL_AUDIT_CHECKPOINT_SECONDS must be positive");
    }
    if (!(decidePerSecond >= 0) || Double.isInfinite(decidePerSecond)) {
      throw new IllegalArgumentException("VIGIL_DECIDE_RATE must be zero or positive");
    }
    if (decideBurst < 1) {
      throw new IllegalArgumentException("VIGIL_DECIDE_BURST must be at least 1");
    }
  }

  public static SecuritySettings defaults() {
    return fromEnvironment(Map.of());
  }

  /** Defaults, overridden by whichever of this record's variables {@code env} holds. */
  public static SecuritySettings fromEnvironment(Map<String, String> env) {
    SubscriberAddressLimits limits;
    int v4 = (int) number(env, "VIGIL_SUBSCRIBER_WIDEST_IPV4", 32);
    int v6 = (int) number(env, "VIGIL_SUBSCRIBER_WIDEST_IPV6", 56);
    if (v4 < 8 || v4 > 32) {
      throw new IllegalArgumentException(
          "VIGIL_SUBSCRIBER_WIDEST_IPV4 must be between 8 and 32, got " + v4);
    }
    if (v6 < 32 || v6 > 128) {
      throw new IllegalArgumentException(
          "VIGIL_SUBSCRIBER_WIDEST_IPV6 must be between 32 and 128, got " + v6);
    }
    limits = new SubscriberAddressLimits(v4, v6);
    long seconds = number(env, "VIGIL_AUDIT_CHECKPOINT_SECONDS", 60);
    if (seconds < 1) {
      throw new IllegalArgumentException("VIGIL_AUDIT_CHECKPOINT_SECONDS must be at least 1");
    }
    return new SecuritySettings(
        limits,
        path(env, "VIGIL_AUDIT_SIGNING_KEY_FILE"),
        path(env, "VIGIL_AUDIT_CHECKPOINT_FILE"),
        Duration.ofSeconds(seconds),
        number(env, "VIGIL_DECIDE_RATE", 50),
        (int) number(env, "VIGIL_DECIDE_BURST", 100));
  }

  /** This configuration with {@code decide} calls limited as given (0 per second = no limit). */
  public SecuritySettings withDecideRate(double perSecond, int burst) {
    return new SecuritySettings(
        subscriberAddresses,
        auditSigningKeyFile,
        auditCheckpointFile,
        auditCheckpointEvery,
        perSecond,
        burst);
  }

  /** Where the audit signing key is read from (and, for the default, created). */
  public Path resolvedAuditSigningKeyFile(Path dataDir) {
    return auditSigningKeyFile != null ? auditSigningKeyFile : dataDir.resolve("audit-signing.key");
  }

  /** Where signed audit checkpoints are appended. */
  public Path resolvedAuditCheckpointFile(Path dataDir) {
    return auditCheckpointFile != null
        ? auditCheckpointFile
        : dataDir.resolve("audit-checkpoints.jsonl");
  }

  private static Path path(Map<String, String> env, String key) {
    String value = env.get(key);
    return value == null || value.isBlank() ? null : Path.of(value.trim());
  }

  private static long number(Map<String, String> env, String key, long fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'", e);
    }
  }
}
