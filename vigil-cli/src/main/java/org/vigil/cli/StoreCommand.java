package org.vigil.cli;

import java.util.concurrent.Callable;
import org.vigil.app.VigilConfig;
import org.vigil.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vigil store status}: which database, and which schema version it is at. */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = "Inspect the database.",
    subcommands = {StoreCommand.Status.class})
public final class StoreCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Prints the database, its schema version and the migrations this binary would apply, without
   * applying them (every other command migrates when it opens the database): an operator looks
   * before an upgrade changes anything. A database newer than this binary is reported, exit 1.
   */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Show the database, its schema version and the pending migrations (applies nothing).")
  static final class Status implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      VigilConfig config = state.config(System.getenv());
      state.requireExisting(config);
      Database.Inspection inspection =
          config.dbUrl() != null
              ? new Database.Inspection(
                  Database.redact(config.dbUrl()),
                  Database.inspect(config.dbUrl(), config.dbUser(), config.dbPassword()))
              : Database.inspectEmbedded(config.dataDir());
      Database.SchemaStatus status = inspection.status();
      var out = spec.commandLine().getOut();
      out.println("database: " + inspection.database());
      out.println("schema version: " + status.current());
      out.println("newest version this binary knows: " + status.latestKnown());
      out.println("pending migrations: " + status.pending().size());
      for (String migration : status.pending()) {
        out.println("  " + migration);
      }
      out.flush();
      if (status.newer()) {
        spec.commandLine()
            .getErr()
            .println(
                "vigil: the database schema is at version "
                    + status.current()
                    + ", newer than this Vigil knows (up to "
                    + status.latestKnown()
                    + "); run the newer Vigil, or restore the backup taken before the upgrade");
        return 1;
      }
      return 0;
    }
  }
}
