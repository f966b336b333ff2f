package org.vigil.core.courtorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.vigil.core.testing.Gens.DIGITS;
import static org.vigil.core.testing.Gens.LETTERS;
import static org.vigil.core.testing.Gens.stringsOf;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class IdentifierNormaliserProperties {

  private final IdentifierNormaliser normaliser = new IdentifierNormaliser("ES");

  static Gen<String> emails() {
    Gen<String> local = stringsOf(LETTERS + DIGITS + "._+-", 1, 20);
    Gen<String> domain = stringsOf(LETTERS, 1, 12);
    return local.zip(
        domain, arbitrary().pick("com", "ES", "org"), (l, d, tld) -> l + "@" + d + "." + tld);
  }

  @Test
  void normalise_email_caseAndSurroundingSpaceDoNotMatter() {
    qt().withExamples(1000).forAll(emails()).checkAssert(this::emailCaseDoesNotMatter);
  }

  private void emailCaseDoesNotMatter(String email) {
    String canonical = normaliser.normalise(IdentifierType.EMAIL, email, "f");
    assertThat(
            normaliser.normalise(
                IdentifierType.EMAIL, "  " + email.toUpperCase(Locale.ROOT) + "\t", "f"))
        .isEqualTo(canonical);
    assertThat(normaliser.normalise(IdentifierType.EMAIL, canonical, "f")).isEqualTo(canonical);
  }

  @Test
  void normalise_anyType_isIdempotent() {
    qt().withExamples(1000)
        .forAll(arbitrary().enumValues(IdentifierType.class), tokens())
        .checkAssert(this::normaliseIsIdempotent);
  }

  private void normaliseIsIdempotent(IdentifierType type, String raw) {
    if (type == IdentifierType.EMAIL || type == IdentifierType.PHONE) {
      return; // covered by their own properties: arbitrary tokens are rarely valid there
    }
    String once = normaliser.normalise(type, raw, "f");
    assertThat(normaliser.normalise(type, once, "f")).isEqualTo(once);
  }

  static Gen<String> tokens() {
    return stringsOf(LETTERS + DIGITS + " -.", 1, 30)
        .assuming(s -> !s.replaceAll("[\\s.\\-]", "").isEmpty());
  }
}
