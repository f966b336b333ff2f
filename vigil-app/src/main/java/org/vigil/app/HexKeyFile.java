package org.vigil.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A secret key kept as hex in a file of its own, never in the database (court-order HMAC key,
 * evidence vault master key). The default file under the data directory is generated owner-only on
 * first start; a file named in configuration must already exist, so a typo in the path cannot
 * silently mint a key that does not match the data it protects.
 */
final class HexKeyFile {

  private HexKeyFile() {}

  /**
   * @param file where the key is
   * @param named whether the operator named the file (then it must exist)
   * @param setting the configuration key that names it, for messages
   * @param minBytes shortest key accepted; also the length generated
   * @param maxBytes longest key accepted
   */
  static byte[] loadOrCreate(Path file, boolean named, String setting, int minBytes, int maxBytes) {
    String expected =
        minBytes == maxBytes
            ? "exactly " + 2 * minBytes + " hex characters (" + minBytes + " bytes)"
            : "at least " + 2 * minBytes + " hex characters (" + minBytes + " bytes)";
    if (!Files.exists(file)) {
      if (named) {
        throw new IllegalStateException(
            setting
                + " "
                + file
                + " does not exist; create it with "
                + expected
                + " (e.g. openssl rand -hex "
                + minBytes
                + ") or unset it to use the generated key");
      }
      byte[] key = new byte[minBytes];
      new SecureRandom().nextBytes(key);
      Bootstrap.writeOwnerOnly(file, HexFormat.of().formatHex(key) + "\n");
      return key;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the key file " + file + " (" + setting + ")", e);
    }
    try {
      byte[] key = HexFormat.of().parseHex(text);
      if (key.length < minBytes || key.length > maxBytes) {
        throw new IllegalArgumentException("wrong length");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          setting
              + " "
              + file
              + " must hold "
              + expected
              + ", e.g. from openssl rand -hex "
              + minBytes);
    }
  }
}
