package org.vigil.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code vigil} command in-process and captures what it printed, for CLI tests. */
record CliRun(int exit, String out, String err) {

  static CliRun of(String... args) {
    CommandLine cli = VigilCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
