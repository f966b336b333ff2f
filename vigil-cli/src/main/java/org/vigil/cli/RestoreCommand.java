package org.vigil.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vigil.app.VigilConfig;
import org.vigil.store.Backups;
import org.vigil.store.EmbeddedPostgresServer;
import org.vigil.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vigil restore FILE}: loads a backup into a new data directory or an empty database. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description =
        "Restore a backup made by 'vigil backup' into a new data directory (embedded store) or"
            + " an empty database (--db-url); the schema is then migrated to this version.")
public final class RestoreCommand implements Callable<Integer> {

  @Mixin StateOptions state = new StateOptions();

  @Parameters(index = "0", paramLabel = "FILE", description = "Backup file.")
  Path file;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      spec.commandLine().getErr().println("vigil: no backup file " + file);
      return 1;
    }
    VigilConfig config = state.config(System.getenv());
    try {
      Backups.check(() -> Files.newInputStream(file));
      Backups.Summary summary;
      if (config.dbUrl() != null) {
        summary =
            Backups.restore(
                () -> Files.newInputStream(file),
                config.dbUrl(),
                config.dbUser(),
                config.dbPassword());
      } else {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(config.dataDir())) {
          summary =
              Backups.restore(
                  () -> Files.newInputStream(file),
                  server.jdbcUrl(),
                  server.user(),
                  server.password());
        }
      }
      spec.commandLine()
          .getOut()
          .printf(
              "restored: %d rows in %d tables from %s (schema version %s)%n",
              summary.totalRows(), summary.rows().size(), file, summary.schemaVersion());
      return 0;
    } catch (StoreException e) {
      spec.commandLine().getErr().println("vigil: " + e.getMessage());
      return 1;
    }
  }
}
