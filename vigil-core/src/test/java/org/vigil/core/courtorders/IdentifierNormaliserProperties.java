package org.vigil.core.courtorders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IdentifierNormaliserProperties {

  private final IdentifierNormaliser normaliser = new IdentifierNormaliser("ES");

  @Provide
  Arbitrary<String> emails() {
    Arbitrary<String> local =
        Arbitraries.strings().alpha().numeric().withChars("._+-").ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> domain = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12);
    return net.jqwik.api.Combinators.combine(local, domain, Arbitraries.of("com", "ES", "org"))
        .as((l, d, tld) -> l + "@" + d + "." + tld);
  }

  @Property
  void normalise_email_caseAndSurroundingSpaceDoNotMatter(@ForAll("emails") String email) {
    String canonical = normaliser.normalise(IdentifierType.EMAIL, email, "f");
    assertThat(
            normaliser.normalise(
                IdentifierType.EMAIL, "  " + email.toUpperCase(Locale.ROOT) + "\t", "f"))
        .isEqualTo(canonical);
    assertThat(normaliser.normalise(IdentifierType.EMAIL, canonical, "f")).isEqualTo(canonical);
  }

  @Property
  void normalise_anyType_isIdempotent(@ForAll IdentifierType type, @ForAll("tokens") String raw) {
    if (type == IdentifierType.EMAIL || type == IdentifierType.PHONE) {
      return; // covered by their own properties: arbitrary tokens are rarely valid there
    }
    String once = normaliser.normalise(type, raw, "f");
    assertThat(normaliser.normalise(type, once, "f")).isEqualTo(once);
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.strings()
        .alpha()
        .numeric()
        .withChars(" -.")
        .ofMinLength(1)
        .ofMaxLength(30)
        .filter(s -> !s.replaceAll("[\\s.\\-]", "").isEmpty());
  }
}
