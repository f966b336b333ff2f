package org.vigil.server.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request, as a receiver recomputes it (docs/minors.md, "Webhooks"):
 *
 * <pre>
 *   Vigil-Signature: v1=hex(HMAC-SHA256(key = UTF-8 bytes of the secret,
 *                                       message = Vigil-Timestamp + "." + raw body bytes))
 * </pre>
 *
 * Signing the timestamp with the body (the construction Stripe documents for its {@code
 * Stripe-Signature} header) lets a receiver reject replays older than a few minutes; the {@code
 * v1=} prefix leaves room for another scheme later without breaking receivers.
 */
public final class WebhookSignature {

  public static final String SCHEME = "v1";

  private WebhookSignature() {}

  /** The {@code Vigil-Signature} header value for {@code body} sent at {@code epochSeconds}. */
  public static String header(String secret, long epochSeconds, byte[] body) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return SCHEME + "=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
