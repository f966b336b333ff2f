package org.vigil.bench.cli;

import picocli.CommandLine.Option;

/** The options every {@code vigil bench} measurement shares, mixed into each subcommand. */
final class BenchOptions {

  @Option(
      names = "--seed",
      description = "Seed of the synthetic data or workload (default ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;
}
