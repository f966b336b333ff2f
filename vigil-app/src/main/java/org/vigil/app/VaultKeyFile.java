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
}
