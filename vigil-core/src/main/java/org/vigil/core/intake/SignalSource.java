package org.vigil.core.intake;

import com.fasterxml.jackson.annotation.JsonValue;
import org.vigil.core.json.WireNames;

/**
 * Where an age signal comes from. Each source has a default assurance level (used when the platform
 * does not state one) and a ceiling: a self-declaration can never be more than asserted, however
 * the platform labels it.
 */
public enum SignalSource {
  /** The user typed a birth date or ticked an age box. */
  SELF_DECLARED(AssuranceLevel.ASSERTED, AssuranceLevel.ASSERTED, 0.5),
  /** An estimate as an age range, e.g. facial age estimation; widened by the safety margin. */
  ESTIMATE(AssuranceLevel.STANDARD, AssuranceLevel.ENHANCED, 0.9),
  /** A verified age or birth date: identity document, bank, mobile operator, eID. */
  VERIFIED(AssuranceLevel.ENHANCED, AssuranceLevel.STRICT, 0.99),
  /** A parent or guardian attests the child's birth date or age range. */
  PARENT_ATTESTATION(AssuranceLevel.ASSERTED, AssuranceLevel.STANDARD, 0.7),
  /**
   * An age band from the operating system (Apple's Declared Age Range, Google Play Age Signals),
   * which are declared by the user or set by a parent for a supervised account.
   */
  OS_AGE_RANGE(AssuranceLevel.ASSERTED, AssuranceLevel.STANDARD, 0.8);

  private final AssuranceLevel defaultLevel;
  private final AssuranceLevel maximumLevel;
  private final double defaultConfidence;

  SignalSource(AssuranceLevel defaultLevel, AssuranceLevel maximumLevel, double confidence) {
    this.defaultLevel = defaultLevel;
    this.maximumLevel = maximumLevel;
    this.defaultConfidence = confidence;
  }

  public AssuranceLevel defaultLevel() {
    return defaultLevel;
  }

  public AssuranceLevel maximumLevel() {
    return maximumLevel;
  }

  /** Nominal confidence when the signal states none (only estimates state one in practice). */
  public double defaultConfidence() {
    return defaultConfidence;
  }

  @JsonValue
  public String wireName() {
    return org.vigil.core.json.WireNames.of(this);
  }

  public static SignalSource fromWire(String value) {
    return WireNames.parse(SignalSource.class, value, "signal source");
  }
}
