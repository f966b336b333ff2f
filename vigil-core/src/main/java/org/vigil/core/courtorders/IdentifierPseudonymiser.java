package org.vigil.core.courtorders;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a normalised identifier into its keyed pseudonym: HMAC-SHA256 (RFC 2104, FIPS 198-1) of
 * {@code "<type>:" + value} under a key that lives in configuration, never in the database. Without
 * the key a stolen registry reveals nothing, not even by hashing guessed phone numbers, which a
 * plain SHA-256 would allow. The type prefix keeps kinds apart.
 *
 * <p>Output is 64 lower-case hex characters. {@link Mac} is not thread-safe and costly to create,
 * so each thread keeps its own instance.
 */
public final class IdentifierPseudonymiser {

  /** Shortest key accepted: the HMAC-SHA256 block output size (RFC 2104, section 3). */
  public static final int MIN_KEY_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();
  private static final String KEY_CHECK_INPUT = "vigil-court-orders-key-check:v1";

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  public IdentifierPseudonymiser(byte[] key) {
    if (key == null || key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the court-order HMAC key must be at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** The pseudonym of an already normalised identifier. */
  public String pseudonymise(IdentifierType type, String normalised) {
    Mac mac = macs.get();
    mac.update(type.hmacPrefix().getBytes(StandardCharsets.UTF_8));
    mac.update((byte) ':');
    return HEX.formatHex(mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A value derived from the key alone, stored beside the pseudonyms so that starting with a
   * different key fails loudly instead of silently matching nobody.
   */
  public String keyCheck() {
    return HEX.formatHex(macs.get().doFinal(KEY_CHECK_INPUT.getBytes(StandardCharsets.UTF_8)));
  }

  /** Constant-time comparison of two key checks. */
  public static boolean sameKeyCheck(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
    }
  }
}
