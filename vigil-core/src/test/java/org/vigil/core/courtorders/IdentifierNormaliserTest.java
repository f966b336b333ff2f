package org.vigil.core.courtorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vigil.core.error.VigilException;

class IdentifierNormaliserTest {

  private final IdentifierNormaliser normaliser = new IdentifierNormaliser("ES");

  private String normalise(IdentifierType type, String raw) {
    return normaliser.normalise(type, raw, "f");
  }

  @Test
  void normalise_email_trimmedAndLowerCased() {
    assertThat(normalise(IdentifierType.EMAIL, "  Alice.Smith+x@Example.COM "))
        .isEqualTo("alice.smith+x@example.com");
  }

  @Test
  void normalise_emailWithUnicodeDomain_punycode() {
    assertThat(normalise(IdentifierType.EMAIL, "Ana@München.DE"))
        .isEqualTo("ana@xn--mnchen-3ya.de");
    assertThat(normalise(IdentifierType.EMAIL, "ana@xn--mnchen-3ya.de"))
        .isEqualTo("ana@xn--mnchen-3ya.de");
  }

  @Test
  void normalise_gmailDots_keptAsWritten() {
    assertThat(normalise(IdentifierType.EMAIL, "a.b@gmail.com"))
        .isNotEqualTo(normalise(IdentifierType.EMAIL, "ab@gmail.com"));
  }

  @Test
  void normalise_badEmail_refusedNamingField() {
    for (String bad : new String[] {"alice", "@example.com", "alice@", "a@b@c", "a b@c.d"}) {
      assertThatThrownBy(() -> normaliser.normalise(IdentifierType.EMAIL, bad, "subject.emails[0]"))
          .isInstanceOf(VigilException.class)
          .extracting(e -> ((VigilException) e).field())
          .isEqualTo("subject.emails[0]");
    }
  }

  @Test
  void normalise_phoneNational_usesDefaultCountry() {
    assertThat(normalise(IdentifierType.PHONE, "612 345 678")).isEqualTo("+34612345678");
    assertThat(normaliser.normalise(IdentifierType.PHONE, "020 7946 0958", "f", "GB"))
        .isEqualTo("+442079460958");
  }

  @Test
  void normalise_unreadablePhone_refusedNamingField() {
    assertThatThrownBy(
            () -> normaliser.normalise(IdentifierType.PHONE, "call me", "subject.phones[1]"))
        .isInstanceOf(VigilException.class)
        .hasMessageContaining("E.164")
        .extracting(e -> ((VigilException) e).field())
        .isEqualTo("subject.phones[1]");
  }

  @Test
  void normalise_nationalId_upperCasedWithoutSeparators() {
    assertThat(normalise(IdentifierType.NATIONAL_ID, "12.345.678-z")).isEqualTo("12345678Z");
    assertThat(normalise(IdentifierType.NATIONAL_ID, " x 1234567 l ")).isEqualTo("X1234567L");
  }

  @Test
  void normalise_deviceId_lowerCased_opaqueTokensKept() {
    assertThat(normalise(IdentifierType.DEVICE_ID, "AB12-CD")).isEqualTo("ab12-cd");
    assertThat(normalise(IdentifierType.PAYMENT_FINGERPRINT, " Xy9Qz ")).isEqualTo("Xy9Qz");
    assertThat(normalise(IdentifierType.SUBSCRIBER_LINE, "ES-Line-0042")).isEqualTo("ES-Line-0042");
  }

  @Test
  void normalise_emptyOverlongOrControl_refused() {
    assertThatThrownBy(() -> normalise(IdentifierType.DEVICE_ID, "   "))
        .isInstanceOf(VigilException.class);
    assertThatThrownBy(() -> normalise(IdentifierType.DEVICE_ID, "a".repeat(257)))
        .isInstanceOf(VigilException.class);
    assertThatThrownBy(() -> normalise(IdentifierType.DEVICE_ID, "a\u0000b"))
        .isInstanceOf(VigilException.class);
    assertThatThrownBy(() -> normalise(IdentifierType.NATIONAL_ID, "- -"))
        .isInstanceOf(VigilException.class);
    assertThatThrownBy(() -> normalise(IdentifierType.EMAIL, null))
        .isInstanceOf(VigilException.class);
  }

  @Test
  void constructor_unknownDefaultCountry_refused() {
    assertThatThrownBy(() -> new IdentifierNormaliser("QQ"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("QQ");
  }
}
