package org.vigil.core.courtorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.vigil.core.testing.Gens.stringsOf;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class PhoneNumberNormaliserProperties {

  /** A Spanish mobile number's 9 national digits, starting with 6 or 7. */
  static Gen<String> spanishMobiles() {
    return arbitrary()
        .pick("6", "7")
        .zip(stringsOf("0123456789", 8, 8), (first, rest) -> first + rest);
  }

  /** Groups digits with a random separator between random-sized groups, as people write them. */
  private static String spaced(String digits, int seed) {
    String[] separators = {"", " ", "-", ".", " - "};
    StringBuilder out = new StringBuilder();
    int group = 2 + Math.floorMod(seed, 3);
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && i % group == 0) {
        out.append(separators[Math.floorMod(seed + i, separators.length)]);
      }
      out.append(digits.charAt(i));
    }
    return out.toString();
  }

  @Test
  void toE164_everyWayOfWritingTheSameNumber_sameResult() {
    qt().forAll(spanishMobiles(), integers().all())
        .checkAssert(PhoneNumberNormaliserProperties::sameNumberSameResult);
  }

  private static void sameNumberSameResult(String national, int seed) {
    String expected = "+34" + national;
    assertThat(PhoneNumberNormaliser.toE164(spaced(national, seed), "ES")).contains(expected);
    assertThat(PhoneNumberNormaliser.toE164("+34 " + spaced(national, seed), null))
        .contains(expected);
    assertThat(PhoneNumberNormaliser.toE164("0034" + spaced(national, seed + 1), "DE"))
        .contains(expected);
    assertThat(PhoneNumberNormaliser.toE164("(+34) " + spaced(national, seed + 2), "US"))
        .contains(expected);
  }

  @Test
  void toE164_output_isIdempotentAndWellFormed() {
    qt().withExamples(3000)
        .forAll(anything(), countries())
        .checkAssert(PhoneNumberNormaliserProperties::idempotentAndWellFormed);
  }

  private static void idempotentAndWellFormed(String raw, String country) {
    PhoneNumberNormaliser.toE164(raw, country)
        .ifPresent(
            e164 -> {
              // Under 8 digits only numbers in allocated ranges pass; E.164 caps at 15.
              assertThat(e164).matches("\\+[1-9][0-9]{6,14}");
              assertThat(PhoneNumberNormaliser.toE164(e164, country)).contains(e164);
              assertThat(PhoneNumberNormaliser.toE164(e164, null)).contains(e164);
            });
  }

  static Gen<String> anything() {
    return stringsOf("0123456789+-. ()/x", 0, 24);
  }

  static Gen<String> countries() {
    return arbitrary().pick("ES", "GB", "DE", "US", "IT", "HU", "FR", "BR", "MY", "IN", "NG", "JP");
  }
}
