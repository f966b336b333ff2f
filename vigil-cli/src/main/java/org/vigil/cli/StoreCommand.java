package org.vigil.cli;

import java.util.concurrent.Callable;
import org.vigil.app.VigilApp;
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
   * Prints the database and its schema version. Opening migrates, as every command does, so a
   * pending migration is applied (and logged) first; a database newer than this binary is refused.
   */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show the database and its schema version.")
  static final class Status implements Callable<Integer> {
    @Mixin StateOptions state = new StateOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (VigilApp app = state.open()) {
        var status = app.database().schemaStatus();
        var out = spec.commandLine().getOut();
        out.println("database: " + app.database().describe());
        out.println("schema version: " + status.current());
        out.println("newest version this binary knows: " + status.latestKnown());
        out.println("pending migrations: " + status.pending());
        return 0;
      }
    }
  }
}
