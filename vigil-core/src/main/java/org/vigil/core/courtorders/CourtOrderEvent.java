package org.vigil.core.courtorders;

import java.time.Instant;
import java.util.Locale;

/**
 * One entry in an order's status history, kept for the compliance report (the tamper-evident copy
 * goes to the audit log).
 *
 * @param at when it took effect (for activation and expiry: the order's start or end)
 * @param actor who did it; {@code system} for transitions the clock made
 * @param detail free text without personal identifiers
 */
public record CourtOrderEvent(String orderId, Kind kind, Instant at, String actor, String detail) {

  /** What happened. */
  public enum Kind {
    CREATED,
    ACTIVATED,
    EXPIRED,
    REVOKED,
    DNS_BINDINGS_REGENERATED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
