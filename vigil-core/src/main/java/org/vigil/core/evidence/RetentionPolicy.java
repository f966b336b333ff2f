package org.vigil.core.evidence;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long preserved evidence is kept: one year from the report by default (18 U.S.C. § 2258A(h) as
 * amended by the REPORT Act of 2024), or a period configured per jurisdiction. A legal hold keeps
 * an item past its period.
 */
public final class RetentionPolicy {

  /** The US default: one year after the report to NCMEC. */
  public static final Period DEFAULT = Period.ofYears(1);

  private final Period fallback;
  private final Map<String, Period> byJurisdiction;

  public RetentionPolicy(Period fallback, Map<String, Period> byJurisdiction) {
    if (fallback == null || fallback.isNegative() || fallback.isZero()) {
      throw new IllegalArgumentException("the default retention period must be positive");
    }
    this.fallback = fallback;
    this.byJurisdiction = new TreeMap<>();
    byJurisdiction.forEach(
        (code, period) -> {
          if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("retention for " + code + " must be positive");
          }
          this.byJurisdiction.put(code.toUpperCase(Locale.ROOT), period);
        });
  }

  public static RetentionPolicy standard() {
    return new RetentionPolicy(DEFAULT, Map.of());
  }

  /** Until when an item preserved at {@code from} under {@code jurisdiction} must be kept. */
  public Instant retainUntil(Instant from, String jurisdiction) {
    Period period =
        jurisdiction == null
            ? fallback
            : byJurisdiction.getOrDefault(jurisdiction.toUpperCase(Locale.ROOT), fallback);
    return from.atZone(ZoneOffset.UTC).plus(period).toInstant();
  }
}
