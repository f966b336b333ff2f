package org.vigil.report.webhook;

/**
 * The signing key of a subscription whose secret lives in a file rather than the database (the one
 * of {@code VIGIL_WEBHOOK_URL}). Requests to it also carry the first Vigil webhooks' {@code
 * Vigil-*} headers, so receivers written for them keep working unchanged.
 *
 * @param key the HMAC key: the UTF-8 bytes of the secret file's line, as before
 */
public record ConfiguredEndpoint(byte[] key) {

  public ConfiguredEndpoint {
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("key must not be empty");
    }
    key = key.clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }
}
