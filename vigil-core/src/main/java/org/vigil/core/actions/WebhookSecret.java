package org.vigil.core.actions;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A webhook signing secret in the Standard Webhooks 1.0 form: {@code whsec_} followed by the base64
 * of the key bytes (https://github.com/standard-webhooks/standard-webhooks, spec "Signature
 * scheme"). The key is what HMAC-SHA256 is keyed with; the prefix only marks the text as a secret,
 * so it is easy to find if it ever leaks into a log or a repository.
 */
public final class WebhookSecret {

  public static final String PREFIX = "whsec_";

  /**
   * Key size of a generated secret: 32 bytes, HMAC-SHA256's block-size-safe minimum of 256 bits.
   */
  public static final int GENERATED_BYTES = 32;

  /** Shortest key accepted from a caller (the spec asks for 24 to 64 bytes). */
  public static final int MIN_BYTES = 24;

  /** Longest key accepted. */
  public static final int MAX_BYTES = 64;

  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecret() {}

  /** A fresh random secret. */
  public static String generate() {
    byte[] key = new byte[GENERATED_BYTES];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The secret for the raw {@code key} bytes. */
  public static String of(byte[] key) {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /**
   * The key bytes of {@code secret}.
   *
   * @throws IllegalArgumentException when it is not {@code whsec_} and base64 of 24 to 64 bytes
   */
  public static byte[] key(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a webhook secret is " + PREFIX + " and base64", e);
    }
    if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "a webhook secret's key must be "
              + MIN_BYTES
              + " to "
              + MAX_BYTES
              + " bytes, got "
              + key.length);
    }
    return key;
  }
}
