package org.vigil.core.records;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Principal;
import org.vigil.core.error.VigilException;

/**
 * Placing, listing and lifting legal holds on decision subjects, for the caller's tenant. Every
 * placement and release is an audit entry: a hold decides what the retention job may delete, so who
 * held what, and why, is part of the record.
 */
public final class LegalHolds {

  static final int MAX_SUBJECT = 256;
  static final int MAX_REASON = 500;

  private final RetentionStore store;
  private final AuditLog audit;
  private final Clock clock;

  public LegalHolds(RetentionStore store, AuditLog audit, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /** Places (or renews, with the new reason) a hold on {@code subject}. */
  public LegalHold place(Principal by, String subject, String reason) {
    String held = required("subject", subject, MAX_SUBJECT);
    String why = required("reason", reason, MAX_REASON);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    store.hold(by.tenant(), held, why, by.actor(), now);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("tenant", by.tenant());
    details.put("reason", why);
    audit.record(by.actor(), "legal_hold.place", "subject:" + held, details);
    return new LegalHold(by.tenant(), held, why, now, by.actor());
  }

  /**
   * Lifts the hold on {@code subject}; its decisions become subject to retention again.
   *
   * @throws VigilException not found when there is no hold on it in the caller's tenant
   */
  public void release(Principal by, String subject) {
    String held = required("subject", subject, MAX_SUBJECT);
    if (!store.release(by.tenant(), held)) {
      throw VigilException.notFound("legal hold", held);
    }
    audit.record(
        by.actor(), "legal_hold.release", "subject:" + held, Map.of("tenant", by.tenant()));
  }

  /** The holds in the caller's tenant, oldest first. */
  public List<LegalHold> list(Principal by) {
    return store.holds(by.tenant());
  }

  private static String required(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw VigilException.invalid(field, field + " is required");
    }
    String trimmed = value.strip();
    if (trimmed.length() > max) {
      throw VigilException.invalid(field, field + " is longer than " + max + " characters");
    }
    return trimmed;
  }
}
