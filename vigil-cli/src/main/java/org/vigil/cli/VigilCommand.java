package org.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command: one entry point for the server and every operator task. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    version = "vigil 0.1.0",
    description = "Open-source child-safety engine: hash matching, decisions, audit.",
    subcommands = {
      ServeCommand.class,
      KeysCommand.class,
      AuditCommand.class,
      HashCommand.class,
      AccountsCommand.class,
      BenchCommand.class,
      OrdersCommand.class,
      DnsCommand.class
    })
public final class VigilCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with Vigil's conventions (exit code 2 for usage errors). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new VigilCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExitCodeExceptionMapper(e -> 1);
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine failed = e.getCommandLine();
          failed.getErr().println("vigil: " + e.getMessage());
          failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
          return 2;
        });
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
