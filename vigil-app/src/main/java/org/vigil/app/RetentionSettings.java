package org.vigil.app;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * How long records are kept before the retention job deletes them (README "Retention").
 *
 * @param noMatch decisions with verdict {@code allow} (a scan that matched nothing, an allowed
 *     decide call) (VIGIL_RETENTION_NO_MATCH, 30 days)
 * @param courtOrderReporting court-order denials (the refusal decisions and the per-day counts),
 *     kept for the order's life and then this long, the period in which the provider may still have
 *     to report to the court (VIGIL_RETENTION_COURT_ORDER_REPORTING, one year)
 * @param pruneNoMatchAudit whether the audit entry that recorded a no-match decision is deleted
 *     with it, accounted for by a pruning entry (VIGIL_RETENTION_NO_MATCH_AUDIT: {@code prune}, the
 *     default, or {@code keep})
 */
public record RetentionSettings(
    Duration noMatch, Duration courtOrderReporting, boolean pruneNoMatchAudit) {

  public RetentionSettings {
    positive(noMatch, "VIGIL_RETENTION_NO_MATCH");
    positive(courtOrderReporting, "VIGIL_RETENTION_COURT_ORDER_REPORTING");
  }

  public static RetentionSettings defaults() {
    return new RetentionSettings(Duration.ofDays(30), Duration.ofDays(365), true);
  }

  static RetentionSettings fromEnvironment(Map<String, String> env) {
    RetentionSettings defaults = defaults();
    return new RetentionSettings(
        duration(env, "VIGIL_RETENTION_NO_MATCH", defaults.noMatch()),
        duration(env, "VIGIL_RETENTION_COURT_ORDER_REPORTING", defaults.courtOrderReporting()),
        pruneOrKeep(env, "VIGIL_RETENTION_NO_MATCH_AUDIT", defaults.pruneNoMatchAudit()));
  }

  private static boolean pruneOrKeep(Map<String, String> env, String key, boolean fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim()) {
      case "prune" -> true;
      case "keep" -> false;
      default ->
          throw new IllegalArgumentException(
              key + " must be prune or keep, got '" + value.trim() + "'");
    };
  }

  private static void positive(Duration value, String key) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive ISO-8601 duration, e.g. P30D");
    }
  }

  private static Duration duration(Map<String, String> env, String key, Duration fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + " must be an ISO-8601 duration such as P30D, got '" + value.trim() + "'", e);
    }
  }
}
