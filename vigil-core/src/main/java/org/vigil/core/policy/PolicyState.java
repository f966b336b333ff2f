package org.vigil.core.policy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a policy version stands. Exactly one version is live (the built-in one when none is). */
public enum PolicyState {
  /** Stored and checked, not used. */
  DRAFT,
  /** Evaluated beside the live policy on real traffic; recorded, never acted on. */
  SHADOW,
  /** Decides. */
  LIVE,
  /** Was live; kept so it can be activated again (rollback). */
  RETIRED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PolicyState fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
