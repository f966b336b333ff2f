package org.vigil.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vigil.core.audit.AuditSigningKey;

/**
 * The Ed25519 key that signs audit checkpoints, in a file of its own outside the database. The
 * default {@code <data-dir>/audit-signing.key} is generated owner-only on first use; a file named
 * in configuration must already exist (a typo must not silently mint a new key). Better still, keep
 * it on a different host or volume than the database: whoever holds both can rewrite history and
 * sign it.
 */
final class AuditSigningKeyFile {

  private AuditSigningKeyFile() {}

  /**
   * Writes the new key beside the target, owner-only, and renames it into place: a process killed
   * mid-write (kill -9 during the first start) leaves no empty or partial key file that would stop
   * the next start.
   */
  private static void writeAtomically(Path file, String content) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Bootstrap.writeOwnerOnly(temporary, content);
    try (java.nio.channels.FileChannel channel =
        java.nio.channels.FileChannel.open(temporary, java.nio.file.StandardOpenOption.WRITE)) {
      channel.force(true);
      Files.move(
          temporary,
          file,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit signing key file " + file, e);
    }
  }

  /**
   * Reads the configured key, creating the default one when missing.
   *
   * @throws IllegalStateException naming the file and VIGIL_AUDIT_SIGNING_KEY_FILE when unusable
   */
  static AuditSigningKey loadOrCreate(VigilConfig config) {
    Path file = config.security().resolvedAuditSigningKeyFile(config.dataDir());
    if (!Files.exists(file)) {
      if (config.security().auditSigningKeyFile() != null) {
        throw new IllegalStateException(
            "VIGIL_AUDIT_SIGNING_KEY_FILE "
                + file
                + " does not exist; unset it to have Vigil generate one under the data directory");
      }
      AuditSigningKey key = AuditSigningKey.generate();
      writeAtomically(file, key.encode());
      return key;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit signing key file " + file, e);
    }
    try {
      return AuditSigningKey.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "VIGIL_AUDIT_SIGNING_KEY_FILE " + file + ": " + e.getMessage(), e);
    }
  }
}
