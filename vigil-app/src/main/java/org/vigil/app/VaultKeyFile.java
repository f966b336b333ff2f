package org.vigil.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The evidence vault's master key: 32 random bytes as 64 hex characters in a file of its own, never
 * in the database, so a stolen database backup holds only ciphertexts and wrapped keys. The default
 * file under the data directory is created owner-only on first start; a file named in configuration
 * must already exist (a typo must not mint a key that cannot open the existing evidence). Back it
 * up apart from the database: without it the evidence cannot be read.
 */
public final class VaultKeyFile {

  private VaultKeyFile() {}

  /**
   * Reads the configured key, creating the default one when missing.
   *
   * @throws IllegalStateException naming the file and VIGIL_VAULT_KEY_FILE when unusable
   */
  public static byte[] loadOrCreate(VigilConfig config) {
    Path file = config.resolvedVaultKeyFile();
    if (!Files.exists(file)) {
      if (config.vaultKeyFile() != null) {
        throw new IllegalStateException(
            "VIGIL_VAULT_KEY_FILE "
                + file
                + " does not exist; create it with 64 hex characters (e.g. openssl rand -hex 32)"
                + " or unset it to use the generated key");
      }
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Bootstrap.writeOwnerOnly(file, HexFormat.of().formatHex(key) + "\n");
      return key;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the vault key file " + file, e);
    }
    try {
      byte[] key = HexFormat.of().parseHex(text);
      if (key.length != 32) {
        throw new IllegalArgumentException("wrong length");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "VIGIL_VAULT_KEY_FILE "
              + file
              + " must hold exactly 64 hex characters (32 bytes), e.g. from openssl rand -hex 32");
    }
  }
}
