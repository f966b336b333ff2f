package org.vigil.core.evidence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption with AES-256-GCM: every item gets its own random data key, which is itself
 * encrypted (wrapped) with the master key. Rotating the master key then means re-wrapping small
 * keys, not re-encrypting media, and one leaked data key exposes one item.
 *
 * <p>Layout of both outputs: a 12-byte random nonce, then the GCM ciphertext with its 16-byte tag.
 * The item id is bound as associated data, so a ciphertext or a wrapped key moved to another item's
 * row fails authentication instead of decrypting.
 */
public final class EnvelopeCipher {

  static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String GCM = "AES/GCM/NoPadding";

  private final SecretKey master;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param masterKey 32 bytes from the vault key file
   */
  public EnvelopeCipher(byte[] masterKey) {
    if (masterKey == null || masterKey.length != KEY_BYTES) {
      throw new IllegalArgumentException("the vault master key must be 32 bytes (AES-256)");
    }
    this.master = new SecretKeySpec(masterKey.clone(), "AES");
  }

  public SealedItem seal(String itemId, byte[] plaintext) {
    byte[] dataKey = new byte[KEY_BYTES];
    random.nextBytes(dataKey);
    try {
      byte[] aad = itemId.getBytes(StandardCharsets.UTF_8);
      byte[] ciphertext = encrypt(new SecretKeySpec(dataKey, "AES"), plaintext, aad);
      byte[] wrapped = encrypt(master, dataKey, aad);
      return new SealedItem(wrapped, ciphertext);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * @throws EvidenceIntegrityException when either part was altered, swapped between items, or
   *     sealed under another master key
   */
  public byte[] open(String itemId, SealedItem sealed) {
    byte[] aad = itemId.getBytes(StandardCharsets.UTF_8);
    byte[] dataKey = decrypt(master, sealed.wrappedKey(), aad, itemId);
    try {
      return decrypt(new SecretKeySpec(dataKey, "AES"), sealed.ciphertext(), aad, itemId);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private byte[] encrypt(SecretKey key, byte[] plaintext, byte[] aad) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(GCM);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      byte[] body = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE_BYTES + body.length).put(nonce).put(body).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  private static byte[] decrypt(SecretKey key, byte[] sealed, byte[] aad, String itemId) {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new EvidenceIntegrityException(itemId, "ciphertext is truncated");
    }
    try {
      Cipher cipher = Cipher.getInstance(GCM);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(aad);
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new EvidenceIntegrityException(itemId, "authentication failed (altered or wrong key)");
    } catch (GeneralSecurityException e) {
      throw new EvidenceIntegrityException(itemId, e.getMessage());
    }
  }
}
