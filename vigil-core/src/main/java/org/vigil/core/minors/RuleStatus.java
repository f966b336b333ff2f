package org.vigil.core.minors;

import com.fasterxml.jackson.annotation.JsonValue;
import org.vigil.core.json.WireNames;

/**
 * The legal standing of a rule, so that Vigil never presents a bill or its own default as law. Only
 * {@link #IN_FORCE} rules (from their effective date) and {@link #VIGIL_DEFAULT} rules apply unless
 * an operator gives a rule an effective date in its own rule file.
 */
public enum RuleStatus {
  /** Law in force, with a known date from which it applies. */
  IN_FORCE,
  /** Enacted, but its entry into force awaits an implementing act (e.g. a decree). */
  ENACTED_NOT_IN_FORCE,
  /** A bill before a legislature, or a government's announced plan: not law. */
  PENDING,
  /**
   * Law a court has stopped from being enforced (for its whole life, unless the rule lists the
   * injunction's dates). Shown in decisions, never applied.
   */
  ENJOINED,
  /** Non-binding official guidance a regulator uses as its benchmark. */
  GUIDANCE,
  /** Vigil's own protective default, not a legal requirement. */
  VIGIL_DEFAULT;

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  public static RuleStatus fromWire(String value) {
    return WireNames.parse(RuleStatus.class, value, "rule status");
  }
}
