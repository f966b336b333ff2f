package org.vigil.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import org.vigil.app.VigilApp;
import org.vigil.store.Backups;
import org.vigil.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil backup --out FILE}: a consistent backup of the whole database, while it serves. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description =
        "Write a consistent backup of the database (embedded or --db-url) to a file, while the"
            + " server runs. Restore with 'vigil restore'.")
public final class BackupCommand implements Callable<Integer> {

  @Mixin StateOptions state = new StateOptions();

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Backup file.")
  Path out;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path target = out.toAbsolutePath();
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try (VigilApp app = state.open()) {
      Files.deleteIfExists(partial);
      // Owner-only from the first byte: a backup holds everything the database holds.
      Files.createFile(
          partial,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Backups.Summary summary;
      try (OutputStream stream =
          new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
        summary = Backups.backup(app.database(), stream);
      }
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      spec.commandLine()
          .getOut()
          .printf(
              "backup: %s (%d rows in %d tables, schema version %s, %d bytes)%n",
              target,
              summary.totalRows(),
              summary.rows().size(),
              summary.schemaVersion(),
              Files.size(target));
      return 0;
    } catch (StoreException e) {
      Files.deleteIfExists(partial);
      spec.commandLine().getErr().println("vigil: " + e.getMessage());
      return 1;
    }
  }
}
