package org.vigil.bench.cli;

import org.vigil.cli.VigilCommand;
import picocli.CommandLine;

/**
 * Entry point of {@code vigil bench} (the launcher runs it from vigil-bench's jar): the same
 * conventions as the {@code vigil} command, with the measurements as subcommands.
 */
public final class VigilBench {

  private VigilBench() {}

  /** The bench command line with Vigil's conventions. */
  public static CommandLine commandLine() {
    return VigilCommand.configure(new CommandLine(new BenchCommand()));
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
