package org.vigil.core.decide;

import com.fasterxml.jackson.annotation.JsonValue;

/** The answer to a decide call. Ordered from most to least permissive; the strictest wins. */
public enum Outcome {
  ALLOW,
  /** Allowed once every listed requirement is met. */
  REQUIRE,
  DENY;

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  /** The stricter of two outcomes. */
  public Outcome strictest(Outcome other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
