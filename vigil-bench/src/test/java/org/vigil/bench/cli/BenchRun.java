package org.vigil.bench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code vigil bench} in-process and captures what it printed. */
record BenchRun(int exit, String out, String err) {

  static BenchRun of(String... args) {
    CommandLine cli = VigilBench.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new BenchRun(exit, out.toString(), err.toString());
  }
}
