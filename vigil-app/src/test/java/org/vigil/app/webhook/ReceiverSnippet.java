package org.vigil.app.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The receiver's verification exactly as README.md ("Webhooks") and docs/webhooks.md print it, so
 * the published snippet is tested against real deliveries.
 */
final class ReceiverSnippet {

  private ReceiverSnippet() {}

  // --- README snippet begins ---
  static boolean verify(String secret, String id, String timestamp, String signatures, byte[] body)
      throws Exception {
    if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
      return false; // older than 5 minutes (or from the future): a replay, refuse
    }
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    byte[] expected = mac.doFinal(body);
    for (String signature : signatures.split(" ")) {
      if (signature.startsWith("v1,")
          && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
        return true;
      }
    }
    return false;
  }
  // --- README snippet ends ---
}
