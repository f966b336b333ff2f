package org.vigil.core.intake;

import com.fasterxml.jackson.annotation.JsonValue;
import org.vigil.core.json.WireNames;

/**
 * The lawful basis on which a service processes its users' personal data: the six of GDPR art. 6(1)
 * (and UK GDPR art. 6(1)). A platform names it per request ({@code service.lawfulBasis}); absent,
 * Vigil assumes {@link #CONSENT}. It matters because the GDPR's art. 8 digital-consent ages bind
 * only where processing rests on consent; rules that carry {@code basis: consent} in the rule data
 * are skipped for any other basis, while minimum-age laws and COPPA apply whatever it is.
 */
public enum LawfulBasis {
  /** Art. 6(1)(a): the data subject's consent. */
  CONSENT,
  /** Art. 6(1)(b): necessary for a contract with the data subject. */
  CONTRACT,
  /** Art. 6(1)(c): necessary for a legal obligation of the controller. */
  LEGAL_OBLIGATION,
  /** Art. 6(1)(d): necessary to protect someone's vital interests. */
  VITAL_INTERESTS,
  /** Art. 6(1)(e): necessary for a task in the public interest or official authority. */
  PUBLIC_TASK,
  /** Art. 6(1)(f): necessary for the legitimate interests of the controller or a third party. */
  LEGITIMATE_INTERESTS;

  @JsonValue
  public String wireName() {
    return WireNames.of(this);
  }

  public static LawfulBasis fromWire(String value) {
    return WireNames.parse(LawfulBasis.class, value, "lawful basis");
  }
}
