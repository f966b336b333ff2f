package org.vigil.core.review;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms of reporter ids: HMAC-SHA256 under a key derived from the deployment's secret
 * key for this purpose alone ("vigil-review-reporters"), so the pseudonyms cannot be matched with
 * those of another feature, and nobody without the key can test a guessed id. Enough to count
 * distinct reporters; nothing more.
 */
public final class ReporterPseudonyms implements UnaryOperator<String> {

  private final SecretKeySpec key;

  public ReporterPseudonyms(byte[] secret) {
    if (secret == null || secret.length < 32) {
      throw new IllegalArgumentException("the pseudonym key must be at least 32 bytes");
    }
    this.key =
        new SecretKeySpec(
            hmac(new SecretKeySpec(secret, "HmacSHA256"), "vigil-review-reporters"), "HmacSHA256");
  }

  @Override
  public String apply(String reporterId) {
    return HexFormat.of().formatHex(hmac(key, reporterId));
  }

  private static byte[] hmac(SecretKeySpec key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }
}
