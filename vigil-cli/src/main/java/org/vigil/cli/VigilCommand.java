package org.vigil.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
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
      BackupCommand.class,
      RestoreCommand.class,
      HashCommand.class,
      AccountsCommand.class,
      BenchPointer.class,
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
    return configure(new CommandLine(new VigilCommand()));
  }

  /**
   * Applies Vigil's conventions to any command line (also the separate {@code vigil bench} jar):
   * exit code 2 and one line for usage errors, one line for a missing or unreadable file.
   */
  public static CommandLine configure(CommandLine cli) {
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExitCodeExceptionMapper(e -> 1);
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine failed = e.getCommandLine();
          failed.getErr().println("vigil: " + e.getMessage());
          failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
          return 2;
        });
    // A file that is missing, unreadable or corrupt is the operator's to fix, not a bug: one line
    // naming it instead of a stack trace. Anything else still prints its trace.
    cli.setExecutionExceptionHandler(
        (e, failed, parseResult) -> {
          if (!(e instanceof IOException) && !(e instanceof UncheckedIOException)) {
            throw e;
          }
          IOException cause =
              e instanceof IOException io ? io : ((UncheckedIOException) e).getCause();
          failed.getErr().println("vigil: " + describe(cause));
          return 1;
        });
    return cli;
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException missing) {
      return "no such file: " + missing.getFile();
    }
    if (e instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  public static void main(String[] args) {
    chooseLogConfiguration(args, System.getenv());
    System.exit(commandLine().execute(args));
  }

  /**
   * Points logback at the configuration asked for, before anything logs: {@code VIGIL_LOG_CONFIG}
   * (an operator's own file), else the JSON one for {@code --log-format json} or {@code
   * VIGIL_LOG_FORMAT=json}, else the bundled text one. An explicit {@code
   * -Dlogback.configurationFile} wins over all of these.
   */
  static void chooseLogConfiguration(String[] args, java.util.Map<String, String> env) {
    if (System.getProperty("logback.configurationFile") != null) {
      return;
    }
    String own = env.get("VIGIL_LOG_CONFIG");
    if (own != null && !own.isBlank()) {
      System.setProperty("logback.configurationFile", own.trim());
      return;
    }
    String format = env.getOrDefault("VIGIL_LOG_FORMAT", "text");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--log-format") && i + 1 < args.length) {
        format = args[i + 1];
      } else if (args[i].startsWith("--log-format=")) {
        format = args[i].substring("--log-format=".length());
      }
    }
    if ("json".equalsIgnoreCase(format.trim())) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
  }
}
