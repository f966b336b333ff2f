package org.vigil.core.review;

import java.util.Locale;

/**
 * Where a case stands. {@code open} waits for a moderator, {@code claimed} is held by one (until
 * the claim expires), {@code decided} is done, {@code appealed} waits again for a different
 * moderator.
 */
public enum CaseState {
  OPEN,
  CLAIMED,
  DECIDED,
  APPEALED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state named {@code wire}, or null when there is none. */
  public static CaseState fromWire(String wire) {
    for (CaseState state : values()) {
      if (state.wireName().equals(wire)) {
        return state;
      }
    }
    return null;
  }
}
