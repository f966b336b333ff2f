package org.vigil.core.evidence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Master keys have ids ({@link #keyId(byte[])}: a fingerprint, never the key), stored beside
 * each wrapped key. A cipher seals under one current key and may hold previous keys that only
 * unwrap, so that items not yet re-wrapped by a rotation stay readable while it runs.
 */
public final class EnvelopeCipher {

  static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String GCM = "AES/GCM/NoPadding";

  private final SecretKey master;
  private final String keyId;

  /** Every key held, current first, by id. */
  private final Map<String, SecretKey> keys = new LinkedHashMap<>();

  private final SecureRandom random = new SecureRandom();

  /**
   * @param masterKey 32 bytes from the vault key file
   */
  public EnvelopeCipher(byte[] masterKey) {
    this(masterKey, List.of());
  }

  /**
   * @param masterKey the current master key: seals new items, opens those it wrapped
   * @param previousKeys earlier master keys, which only open items not yet re-wrapped
   */
  public EnvelopeCipher(byte[] masterKey, List<byte[]> previousKeys) {
    this.master = aesKey(masterKey);
    this.keyId = keyId(masterKey);
    keys.put(keyId, master);
    for (byte[] previous : previousKeys) {
      keys.putIfAbsent(keyId(previous), aesKey(previous));
    }
  }

  private static SecretKey aesKey(byte[] key) {
    if (key == null || key.length != KEY_BYTES) {
      throw new IllegalArgumentException("the vault master key must be 32 bytes (AES-256)");
    }
    return new SecretKeySpec(key.clone(), "AES");
  }

  /**
   * The id of a master key: {@code k} and 16 hex characters of a SHA-256 over a label and the key.
   * It names the key in rows, audit entries and messages; 64 bits of a hash of a random 256-bit key
   * reveal nothing usable about it.
   */
  public static String keyId(byte[] masterKey) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("vigil vault master key id\n".getBytes(StandardCharsets.US_ASCII));
      byte[] digest = sha.digest(masterKey);
      return "k" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** The id of the current master key, under which {@link #seal} wraps. */
  public String keyId() {
    return keyId;
  }

  /** The ids of every master key held, the current one first. */
  public List<String> keyIds() {
    return new ArrayList<>(keys.keySet());
  }

  /** Whether this cipher holds the master key with id {@code id}. */
  public boolean holds(String id) {
    return keys.containsKey(id);
  }

  /** Seals under the current master key: {@link SealedItem#wrappedKey()} is wrapped by it. */
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
    return open(itemId, new WrappedKey(sealed.wrappedKey(), null), sealed.ciphertext());
  }

  /**
   * Decrypts {@code ciphertext} with the data key {@code wrapped} holds, unwrapped by the master
   * key it names (or by each key held, for an item without a key id).
   *
   * @throws EvidenceIntegrityException when either part was altered or swapped between items, or
   *     the master key that wrapped it is not held
   */
  public byte[] open(String itemId, WrappedKey wrapped, byte[] ciphertext) {
    byte[] aad = itemId.getBytes(StandardCharsets.UTF_8);
    byte[] dataKey = unwrap(itemId, wrapped);
    try {
      return decrypt(new SecretKeySpec(dataKey, "AES"), ciphertext, aad, itemId);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * The item's data key wrapped anew under {@code target}'s current master key, for a master-key
   * rotation: the data key is unwrapped by one of this cipher's keys and never leaves this method;
   * the media, encrypted under the data key, is untouched.
   *
   * @throws EvidenceIntegrityException when no key held here unwraps it
   */
  public WrappedKey rewrap(String itemId, WrappedKey wrapped, EnvelopeCipher target) {
    byte[] dataKey = unwrap(itemId, wrapped);
    try {
      byte[] aad = itemId.getBytes(StandardCharsets.UTF_8);
      return new WrappedKey(target.encrypt(target.master, dataKey, aad), target.keyId);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  private byte[] unwrap(String itemId, WrappedKey wrapped) {
    byte[] aad = itemId.getBytes(StandardCharsets.UTF_8);
    if (wrapped.keyId() != null) {
      SecretKey key = keys.get(wrapped.keyId());
      if (key == null) {
        throw new EvidenceIntegrityException(
            itemId,
            "its data key is wrapped by master key "
                + wrapped.keyId()
                + ", which this vault does not hold (it holds "
                + String.join(", ", keys.keySet())
                + ")");
      }
      return decrypt(key, wrapped.bytes(), aad, itemId);
    }
    // Preserved before keys had ids: GCM authentication tells which key wrapped it.
    EvidenceIntegrityException last = null;
    for (SecretKey key : keys.values()) {
      try {
        return decrypt(key, wrapped.bytes(), aad, itemId);
      } catch (EvidenceIntegrityException e) {
        last = e;
      }
    }
    throw last;
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
