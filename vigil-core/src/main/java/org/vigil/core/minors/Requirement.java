package org.vigil.core.minors;

import com.fasterxml.jackson.annotation.JsonValue;
import org.vigil.core.json.WireNames;

/** What must happen before a {@link Outcome#REQUIRE} decision turns into an allow. */
public enum Requirement {
  /** A parent or guardian must consent (e.g. COPPA's verifiable parental consent). */
  PARENTAL_CONSENT,
  /** The actor's age must be established at a higher assurance level (see the decision's level). */
  AGE_ASSURANCE,
  /** The target (a minor) must accept the tag, invitation or follow request first. */
  TARGET_CONSENT;

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }
}
