package org.vigil.core.intake;

import com.fasterxml.jackson.annotation.JsonValue;
import org.vigil.core.json.WireNames;

/**
 * The rating a platform gives a piece of content. The minimum age and the assurance each rating
 * needs are data in the jurisdiction rules, not code.
 */
public enum ContentRating {
  /** Suitable for everyone. */
  GENERAL,
  /** Suitable from 13. */
  TEEN,
  /** Suitable from 16. */
  MATURE,
  /**
   * Harmful to minors without being illegal or pornographic: self-harm, suicide, eating disorders,
   * graphic violence (the UK's "primary priority" and "priority" content). Filtered for minors.
   */
  SENSITIVE,
  /** Pornography and other adult-only content. */
  ADULT;

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  public static ContentRating fromWire(String value) {
    return WireNames.parse(ContentRating.class, value, "content rating");
  }
}
