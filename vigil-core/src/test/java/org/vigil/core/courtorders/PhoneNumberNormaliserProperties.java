package org.vigil.core.courtorders;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PhoneNumberNormaliserProperties {

  /** A Spanish mobile number's 9 national digits, starting with 6 or 7. */
  @Provide
  Arbitrary<String> spanishMobiles() {
    return Combinators.combine(
            Arbitraries.of("6", "7"), Arbitraries.strings().numeric().ofLength(8))
        .as((first, rest) -> first + rest);
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

  @Property
  void toE164_everyWayOfWritingTheSameNumber_sameResult(
      @ForAll("spanishMobiles") String national, @ForAll int seed) {
    String expected = "+34" + national;
    assertThat(PhoneNumberNormaliser.toE164(spaced(national, seed), "ES")).contains(expected);
    assertThat(PhoneNumberNormaliser.toE164("+34 " + spaced(national, seed), null))
        .contains(expected);
    assertThat(PhoneNumberNormaliser.toE164("0034" + spaced(national, seed + 1), "DE"))
        .contains(expected);
    assertThat(PhoneNumberNormaliser.toE164("(+34) " + spaced(national, seed + 2), "US"))
        .contains(expected);
  }

  @Property
  void toE164_output_isIdempotentAndWellFormed(
      @ForAll("anything") String raw, @ForAll("countries") String country) {
    PhoneNumberNormaliser.toE164(raw, country)
        .ifPresent(
            e164 -> {
              assertThat(e164).matches("\\+[1-9][0-9]{7,14}");
              assertThat(PhoneNumberNormaliser.toE164(e164, country)).contains(e164);
              assertThat(PhoneNumberNormaliser.toE164(e164, null)).contains(e164);
            });
  }

  @Provide
  Arbitrary<String> anything() {
    return Arbitraries.strings().withChars("0123456789+-. ()/x").ofMaxLength(24);
  }

  @Provide
  Arbitrary<String> countries() {
    return Arbitraries.of("ES", "GB", "DE", "US", "IT", "HU", "FR");
  }
}
