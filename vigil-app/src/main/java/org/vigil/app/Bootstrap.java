package org.vigil.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.vigil.core.auth.ApiKeys;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;
import org.vigil.core.banks.BankSettings;

/**
 * First-start set-up of a data directory: an admin key (shown once, kept in an owner-only file,
 * stored in the database only as a hash) and the synthetic demo bank.
 */
public final class Bootstrap {

  public static final String ADMIN_KEY_FILE = "admin.key";
  public static final String DEMO_BANK = "demo";

  private Bootstrap() {}

  /**
   * Creates an admin key when the database has no active one.
   *
   * @return the new key, or empty when an admin key already existed
   */
  public static Optional<String> ensureAdminKey(VigilApp app) {
    if (app.keyStore().hasActiveAdmin()) {
      return Optional.empty();
    }
    ApiKeys.IssuedKey issued = app.keys().create(Role.ADMIN, "bootstrap admin");
    writeOwnerOnly(app.config().dataDir().resolve(ADMIN_KEY_FILE), issued.secret() + "\n");
    app.audit()
        .record(
            "system",
            "key.create",
            "key:" + issued.record().id(),
            java.util.Map.of("role", "admin", "reason", "first start"));
    return Optional.of(issued.secret());
  }

  /** Loads the synthetic demo bank when the database has no bank at all. */
  public static boolean ensureDemoBank(VigilApp app) {
    if (!app.banks().list().isEmpty()) {
      return false;
    }
    Principal system = new Principal("system", Role.ADMIN);
    app.banks()
        .create(
            DEMO_BANK,
            new BankSettings(
                "Synthetic demo hashes (not derived from any image); safe to delete",
                31,
                "block",
                true),
            system);
    try (InputStream csv = Bootstrap.class.getResourceAsStream("/demo/demo-bank.csv")) {
      if (csv == null) {
        throw new IllegalStateException("demo bank resource is missing from the jar");
      }
      app.banks().importSignals(DEMO_BANK, csv, false, "vigil-demo", system);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return true;
  }

  static void writeOwnerOnly(Path file, String content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(file);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.writeString(
          file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
