package org.vigil.core.minors;

import com.fasterxml.jackson.annotation.JsonValue;
import org.vigil.core.json.WireNames;

/** What a minimum-age rule does with a person below its age. */
public enum BelowAction {
  /** Refuse outright; a parent cannot override (e.g. Australia's social-media minimum age). */
  DENY,
  /** Allow once a parent or guardian has consented (e.g. US COPPA under 13). */
  REQUIRE_PARENTAL_CONSENT,
  /**
   * Allow, but tell the platform what the law asks for minors below the age (e.g. Virginia's
   * one-hour daily default for under-16s): the decision carries a {@code minor_obligation} reason.
   */
  INFORM;

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  public static BelowAction fromWire(String value) {
    return WireNames.parse(BelowAction.class, value, "below action");
  }
}
