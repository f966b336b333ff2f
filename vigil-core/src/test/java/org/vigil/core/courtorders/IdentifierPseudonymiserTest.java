package org.vigil.core.courtorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentifierPseudonymiserTest {

  private static byte[] key(int offset) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i + offset);
    }
    return key;
  }

  // Expected values computed independently with Python's hmac module:
  // hmac.new(bytes(range(32)), b"email:alice@example.com", hashlib.sha256).hexdigest()
  @Test
  void pseudonymise_knownKeyAndInput_matchesIndependentHmac() {
    IdentifierPseudonymiser p = new IdentifierPseudonymiser(key(0));
    assertThat(p.pseudonymise(IdentifierType.EMAIL, "alice@example.com"))
        .isEqualTo("d2f50c440d4fde50e73eaf12d5bc7e67022c85e3fad2a755f90b08f79a3fe03d");
    assertThat(p.pseudonymise(IdentifierType.PHONE, "+34612345678"))
        .isEqualTo("bc777e5e27e6d8f051d262403e0d9bc7e18613629a8fe21153730be08f642984");
    assertThat(p.keyCheck())
        .isEqualTo("d0936c3b190eeddce881063fb1fcab05ea5e7215fdac38ad9083ba5b2eb5451a");
  }

  @Test
  void pseudonymise_sameValueDifferentTypes_differ() {
    IdentifierPseudonymiser p = new IdentifierPseudonymiser(key(0));
    assertThat(p.pseudonymise(IdentifierType.DEVICE_ID, "12345678z"))
        .isNotEqualTo(p.pseudonymise(IdentifierType.PAYMENT_FINGERPRINT, "12345678z"));
  }

  @Test
  void pseudonymise_differentKeys_differ() {
    assertThat(new IdentifierPseudonymiser(key(0)).pseudonymise(IdentifierType.EMAIL, "a@b.c"))
        .isNotEqualTo(
            new IdentifierPseudonymiser(key(1)).pseudonymise(IdentifierType.EMAIL, "a@b.c"));
    assertThat(
            IdentifierPseudonymiser.sameKeyCheck(
                new IdentifierPseudonymiser(key(0)).keyCheck(),
                new IdentifierPseudonymiser(key(1)).keyCheck()))
        .isFalse();
  }

  @Test
  void constructor_shortKey_refused() {
    assertThatThrownBy(() -> new IdentifierPseudonymiser(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }
}
