package org.vigil.core.courtorders;

import java.util.Locale;

/** Where an order stands at a moment; derived from its dates and revocation, never stored. */
public enum CourtOrderStatus {
  /** Registered; its start lies in the future. */
  PENDING,
  /** Between start (inclusive) and end (exclusive), not revoked: enforced. */
  ACTIVE,
  /** Its end has passed. */
  EXPIRED,
  /** Withdrawn before its end (e.g. overturned on appeal). */
  REVOKED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
