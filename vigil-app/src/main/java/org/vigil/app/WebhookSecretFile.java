package org.vigil.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The webhook signing secret: a line of text shared with the receiver, kept in a file of its own
 * (never in the database or the environment). The default file under the data directory is
 * generated on the first start with a webhook URL (32 random bytes as 64 hex characters,
 * owner-only, like the admin and court-order keys); a file named in configuration must already
 * exist, so a typo in the path cannot silently mint a secret the receiver does not know.
 */
public final class WebhookSecretFile {

  /** Shortest secret accepted: 32 characters, as many as a 128-bit secret in hex. */
  public static final int MIN_CHARS = 32;

  private WebhookSecretFile() {}

  /**
   * Reads the configured secret, creating the default one when missing.
   *
   * @throws IllegalStateException naming the file and VIGIL_WEBHOOK_SECRET_FILE when unusable
   */
  public static String loadOrCreate(VigilConfig config) {
    Path file = config.resolvedWebhookSecretFile();
    if (!Files.exists(file)) {
      if (config.webhookSecretFile() != null) {
        throw new IllegalStateException(
            "VIGIL_WEBHOOK_SECRET_FILE "
                + file
                + " does not exist; create it with a random secret (e.g. openssl rand -hex 32)"
                + " or unset it to use the generated one");
      }
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String secret = HexFormat.of().formatHex(random);
      Bootstrap.writeOwnerOnly(file, secret + "\n");
      return secret;
    }
    String secret;
    try {
      secret = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the webhook secret file " + file, e);
    }
    if (secret.length() < MIN_CHARS || secret.contains("\n")) {
      throw new IllegalStateException(
          "VIGIL_WEBHOOK_SECRET_FILE "
              + file
              + " must hold one line of at least "
              + MIN_CHARS
              + " characters, e.g. from openssl rand -hex 32");
    }
    return secret;
  }
}
