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
      UsersCommand.class,
      AuditCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      HashCommand.class,
      AccountsCommand.class,
      BenchPointer.class,
      OrdersCommand.class,
      DnsCommand.class,
      StoreCommand.class,
      RulesCommand.class,
      CatalogueCommand.class,
      PolicyCommand.class,
      ExchangeCommand.class,
      KafkaCommand.class,
      VaultCommand.class
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
          failed
              .getErr()
              .println(
                  "vigil: "
                      + firstLine(e.getMessage())
                      + " (see '"
                      + failed.getCommandSpec().qualifiedName()
                      + " --help')");
          return 2;
        });
    // Whatever stops a command is the operator's to read in one line (a file, a setting, the
    // database), never a stack trace; VIGIL_DEBUG=1 adds the trace for a bug report.
    cli.setExecutionExceptionHandler(
        (e, failed, parseResult) -> {
          failed.getErr().println("vigil: " + describe(e));
          if (System.getenv("VIGIL_DEBUG") != null) {
            e.printStackTrace(failed.getErr());
          }
          return 1;
        });
    return cli;
  }

  /** One line for any failure: what the operator needs to fix it. */
  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
      String context = e.getMessage();
      String io = describeIo(unchecked.getCause());
      return redact(
          context != null && !context.contains(io) && !context.startsWith("java.")
              ? firstLine(context) + ": " + io
              : io);
    }
    if (e instanceof IOException io) {
      return redact(describeIo(io));
    }
    if (e instanceof org.vigil.core.error.StorageException) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String message = firstLine(e.getMessage());
      String cause = root == e ? null : firstLine(root.getMessage());
      return redact(
          "database: "
              + message
              + (cause != null && !message.contains(cause) ? " (" + cause + ")" : ""));
    }
    if (e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof org.vigil.app.StartupException
        || e instanceof org.vigil.core.minors.RuleSetException
        || e instanceof org.vigil.core.error.VigilException) {
      return redact(firstLine(e.getMessage()));
    }
    return redact(
        "unexpected "
            + e.getClass().getSimpleName()
            + ": "
            + firstLine(e.getMessage())
            + " (set VIGIL_DEBUG=1 for the stack trace)");
  }

  private static String describeIo(IOException e) {
    if (e instanceof NoSuchFileException missing) {
      java.nio.file.Path file = java.nio.file.Path.of(missing.getFile());
      java.nio.file.Path parent = file.toAbsolutePath().getParent();
      if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
        return "directory " + parent + " does not exist (for " + missing.getFile() + ")";
      }
      return "no such file: " + missing.getFile();
    }
    if (e instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException exists) {
      return "already exists: " + exists.getFile();
    }
    return e.getMessage() == null ? e.toString() : firstLine(e.getMessage());
  }

  static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "(no message)";
    }
    return message.strip().lines().findFirst().orElse(message);
  }

  /** Passwords never reach a terminal or a log: e.g. a JDBC URL with password=... in it. */
  static String redact(String line) {
    return line.replaceAll("(?i)(password=)[^&;\\s]*?(?=:?(\\s|&|;|$))", "$1***");
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
