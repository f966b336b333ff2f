package org.vigil.core.intake;

import com.fasterxml.jackson.annotation.JsonValue;
import org.vigil.core.json.WireNames;

/**
 * How much an age claim can be trusted, after IEEE 2089.1-2024 (Standard for Online Age
 * Verification), which names four levels of confidence: asserted, standard, enhanced and strict.
 * {@link #NONE} is Vigil's marker for "no signal at all"; it is never a level a rule may ask for.
 * Ordered weakest first, so {@code a.compareTo(b) >= 0} means "a is at least as strong as b".
 */
public enum AssuranceLevel {
  NONE,
  /** The person (or someone for them) says so, with no evidence: self-declaration. */
  ASSERTED,
  /** Some independent evidence, e.g. facial age estimation or an OS age band. */
  STANDARD,
  /** Strong evidence, e.g. a checked identity document, a bank or mobile operator record. */
  ENHANCED,
  /** Strong evidence bound to the person present, e.g. document plus liveness check. */
  STRICT;

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  public boolean atLeast(AssuranceLevel other) {
    return compareTo(other) >= 0;
  }

  /**
   * Parses {@code asserted}, {@code standard}, {@code enhanced} or {@code strict} ({@code none} is
   * accepted too, but rules may not ask for it).
   */
  public static AssuranceLevel fromWire(String value) {
    return WireNames.parse(AssuranceLevel.class, value, "assurance level");
  }
}
