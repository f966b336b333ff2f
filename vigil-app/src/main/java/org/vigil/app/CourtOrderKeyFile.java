package org.vigil.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.vigil.core.courtorders.IdentifierPseudonymiser;

/**
 * The court-order HMAC key: 32 random bytes as 64 hex characters in a file of its own, never in the
 * database. The default file under the data directory is generated on first start, owner-only like
 * the admin key; a file named in configuration must already exist (a typo in the path must not
 * silently mint a new key). Losing the key makes every registered order unmatchable: back it up
 * with the database, separately.
 */
public final class CourtOrderKeyFile {

  private CourtOrderKeyFile() {}

  /**
   * Reads the configured key, creating the default one when missing.
   *
   * @throws IllegalStateException naming the file and VIGIL_COURT_ORDER_KEY_FILE when unusable
   */
  public static byte[] loadOrCreate(VigilConfig config) {
    Path file = config.resolvedCourtOrderKeyFile();
    if (!Files.exists(file)) {
      if (config.courtOrderKeyFile() != null) {
        throw new IllegalStateException(
            "VIGIL_COURT_ORDER_KEY_FILE "
                + file
                + " does not exist; create it with 64 hex"
                + " characters (e.g. openssl rand -hex 32) or unset it to use the generated key");
      }
      byte[] key = new byte[IdentifierPseudonymiser.MIN_KEY_BYTES];
      new SecureRandom().nextBytes(key);
      Bootstrap.writeOwnerOnly(file, HexFormat.of().formatHex(key) + "\n");
      return key;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the court-order key file " + file, e);
    }
    try {
      byte[] key = HexFormat.of().parseHex(text);
      if (key.length < IdentifierPseudonymiser.MIN_KEY_BYTES) {
        throw new IllegalArgumentException("too short");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "VIGIL_COURT_ORDER_KEY_FILE "
              + file
              + " must hold at least 64 hex characters (32 bytes), e.g. from openssl rand -hex 32");
    }
  }
}
