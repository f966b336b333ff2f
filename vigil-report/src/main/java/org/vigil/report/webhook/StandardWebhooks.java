package org.vigil.report.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Request signatures per Standard Webhooks 1.0 (https://www.standardwebhooks.com, spec section
 * "Signature scheme"): {@code webhook-signature} is {@code v1,} and the base64 of HMAC-SHA256,
 * keyed with the secret's key bytes, over {@code webhook-id + "." + webhook-timestamp + "." +
 * body}; during a secret rotation the header lists one such signature per secret, separated by
 * spaces, and a receiver accepts the request when any one matches a secret it holds.
 */
public final class StandardWebhooks {

  /** Header names (lower case, as the spec writes them). */
  public static final String ID = "webhook-id";

  public static final String TIMESTAMP = "webhook-timestamp";
  public static final String SIGNATURE = "webhook-signature";

  /** Headers of the first Vigil webhooks, still sent to the endpoint of VIGIL_WEBHOOK_URL. */
  public static final String LEGACY_ID = "Vigil-Event-Id";

  public static final String LEGACY_TIMESTAMP = "Vigil-Timestamp";
  public static final String LEGACY_SIGNATURE = "Vigil-Signature";

  private StandardWebhooks() {}

  /** One {@code v1,<base64>} signature. */
  public static String sign(byte[] key, String id, long timestamp, byte[] body) {
    Mac mac = hmac(key);
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  /** The {@code webhook-signature} header: one signature per key, space-separated. */
  public static String header(List<byte[]> keys, String id, long timestamp, byte[] body) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one key is needed to sign");
    }
    StringJoiner header = new StringJoiner(" ");
    for (byte[] key : keys) {
      header.add(sign(key, id, timestamp, body));
    }
    return header.toString();
  }

  /**
   * The first Vigil webhooks' {@code Vigil-Signature}: {@code v1=} and the hex of HMAC-SHA256 over
   * {@code timestamp + "." + body} (docs/webhooks.md, "Upgrading").
   */
  public static String legacySignature(byte[] key, long timestamp, byte[] body) {
    Mac mac = hmac(key);
    mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
    return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static Mac hmac(byte[] key) {
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("key must not be empty");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
