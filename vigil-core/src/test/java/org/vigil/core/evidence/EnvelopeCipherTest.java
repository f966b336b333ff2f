package org.vigil.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnvelopeCipherTest {

  private static byte[] key(int first) {
    byte[] key = new byte[32];
    key[0] = (byte) first;
    return key;
  }

  private final EnvelopeCipher cipher = new EnvelopeCipher(key(1));
  private final byte[] plaintext = "benign test image bytes".getBytes(StandardCharsets.UTF_8);

  @Test
  void open_sealedItem_returnsThePlaintextAndTheCiphertextHidesIt() {
    SealedItem sealed = cipher.seal("ev_1", plaintext);

    assertThat(cipher.open("ev_1", sealed)).isEqualTo(plaintext);
    assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1))
        .doesNotContain("benign");
    assertThat(sealed.wrappedKey()).hasSize(12 + 32 + 16);
  }

  @Test
  void seal_sameBytesTwice_differentKeysAndCiphertexts() {
    SealedItem first = cipher.seal("ev_1", plaintext);
    SealedItem second = cipher.seal("ev_1", plaintext);

    assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
    assertThat(first.wrappedKey()).isNotEqualTo(second.wrappedKey());
  }

  @Test
  void open_flippedCiphertextBit_failsIntegrity() {
    SealedItem sealed = cipher.seal("ev_1", plaintext);
    byte[] tampered = sealed.ciphertext().clone();
    tampered[tampered.length / 2] ^= 1;

    assertThatThrownBy(() -> cipher.open("ev_1", new SealedItem(sealed.wrappedKey(), tampered)))
        .isInstanceOf(EvidenceIntegrityException.class)
        .hasMessageContaining("ev_1");
  }

  @Test
  void open_ciphertextMovedToAnotherItem_failsIntegrity() {
    SealedItem sealed = cipher.seal("ev_1", plaintext);

    assertThatThrownBy(() -> cipher.open("ev_2", sealed))
        .isInstanceOf(EvidenceIntegrityException.class);
  }

  @Test
  void open_otherMasterKey_failsIntegrity() {
    SealedItem sealed = cipher.seal("ev_1", plaintext);

    assertThatThrownBy(() -> new EnvelopeCipher(key(2)).open("ev_1", sealed))
        .isInstanceOf(EvidenceIntegrityException.class);
  }

  @Test
  void open_truncatedCiphertext_failsIntegrity() {
    SealedItem sealed = cipher.seal("ev_1", plaintext);

    assertThatThrownBy(
            () ->
                cipher.open(
                    "ev_1",
                    new SealedItem(sealed.wrappedKey(), Arrays.copyOf(sealed.ciphertext(), 8))))
        .isInstanceOf(EvidenceIntegrityException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void constructor_keyNot32Bytes_throws() {
    assertThatThrownBy(() -> new EnvelopeCipher(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void rewrap_underAnotherMasterKey_opensWithItAloneCiphertextUnchanged() {
    SealedItem sealed = cipher.seal("ev_1", plaintext);
    EnvelopeCipher next = new EnvelopeCipher(key(2));

    WrappedKey moved =
        cipher.rewrap("ev_1", new WrappedKey(sealed.wrappedKey(), cipher.keyId()), next);

    assertThat(moved.keyId()).isEqualTo(next.keyId()).isNotEqualTo(cipher.keyId());
    assertThat(next.open("ev_1", moved, sealed.ciphertext())).isEqualTo(plaintext);
    assertThatThrownBy(() -> cipher.open("ev_1", moved, sealed.ciphertext()))
        .isInstanceOf(EvidenceIntegrityException.class)
        .hasMessageContaining("does not hold");
    // Bound to its item like the original.
    assertThatThrownBy(() -> next.open("ev_2", moved, sealed.ciphertext()))
        .isInstanceOf(EvidenceIntegrityException.class);
  }

  @Test
  void open_withPreviousKeys_opensItemsOfEitherKeyEvenWithoutAKeyId() {
    SealedItem old = cipher.seal("ev_1", plaintext);
    EnvelopeCipher both = new EnvelopeCipher(key(2), java.util.List.of(key(1)));

    assertThat(
            both.open("ev_1", new WrappedKey(old.wrappedKey(), cipher.keyId()), old.ciphertext()))
        .isEqualTo(plaintext);
    assertThat(both.open("ev_1", old)).isEqualTo(plaintext);
    assertThat(both.keyIds()).containsExactly(both.keyId(), cipher.keyId());
  }

  @Test
  void keyId_differentKeys_differAndRevealNoKeyBytes() {
    assertThat(EnvelopeCipher.keyId(key(1))).isNotEqualTo(EnvelopeCipher.keyId(key(2)));
    assertThat(EnvelopeCipher.keyId(key(1))).matches("k[0-9a-f]{16}");
    assertThat(cipher.keyId()).isEqualTo(EnvelopeCipher.keyId(key(1)));
  }
}
