package org.vigil.app;

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
    return HexKeyFile.loadOrCreate(
        config.resolvedVaultKeyFile(),
        config.vaultKeyFile() != null,
        "VIGIL_VAULT_KEY_FILE",
        32,
        32);
  }

  /** The earlier master keys of VIGIL_VAULT_PREVIOUS_KEY_FILES, which must exist. */
  public static java.util.List<byte[]> loadPrevious(VigilConfig config) {
    return config.vault().previousKeyFiles().stream()
        .map(file -> load(file, "VIGIL_VAULT_PREVIOUS_KEY_FILES"))
        .toList();
  }

  /**
   * A master key from a file that must exist (a new key for a rotation, an earlier one).
   *
   * @param setting what named the file, for messages (an option or a variable)
   * @throws IllegalStateException in one line naming the file when missing or malformed
   */
  public static byte[] load(java.nio.file.Path file, String setting) {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new IllegalStateException(
          setting
              + " "
              + file
              + " does not exist; a vault master key file holds exactly 64 hex characters"
              + " (e.g. from openssl rand -hex 32)");
    }
    return HexKeyFile.loadOrCreate(file, true, setting, 32, 32);
  }

  /** The vault's cipher: the current key seals, the previous ones only open. */
  public static org.vigil.core.evidence.EnvelopeCipher cipher(VigilConfig config) {
    return new org.vigil.core.evidence.EnvelopeCipher(loadOrCreate(config), loadPrevious(config));
  }
}
