package org.vigil.bench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vigil.bench.index.MatchBenchmark;
import org.vigil.bench.index.SnapshotBenchmark;
import org.vigil.hash.index.MultiIndexHammingIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil bench}: measurements on this machine. A plain parent; each measurement is a
 * subcommand ({@code match} here, others may be added to {@code subcommands}).
 */
@Command(
    name = "bench",
    description = "Measure Vigil's hot paths on this machine.",
    mixinStandardHelpOptions = true,
    subcommands = {
      BenchCommand.BenchMatchCommand.class,
      BenchCommand.BenchSnapshotCommand.class,
      BenchDecideCommand.class,
      BenchVideoCommand.class,
      BenchPolicyCommand.class,
      BenchKafkaCommand.class,
      BenchWorkerStartCommand.class
    })
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code vigil bench match}: queries/s and latency of the multi-index Hamming index against N
   * synthetic PDQ codes, and of a linear scan of the same codes in the same run, with recall.
   */
  @Command(
      name = "match",
      description =
          "Build a Hamming index of N synthetic PDQ hashes and time it against a linear scan.",
      mixinStandardHelpOptions = true)
  public static final class BenchMatchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--size", description = "Hashes in the index (default ${DEFAULT-VALUE}).")
    int size = 10_000_000;

    @Option(names = "--queries", description = "Timed index queries (default ${DEFAULT-VALUE}).")
    int queries = 100_000;

    @Option(
        names = "--threshold",
        description = "Match threshold in bits, 0–256 (default ${DEFAULT-VALUE}).")
    int threshold = 31;

    @Option(names = "--clustered", description = "Near-duplicate clusters instead of uniform.")
    boolean clustered;

    @Option(names = "--threads", description = "Query threads (default ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(
        names = "--linear-queries",
        description =
            "Queries also run through the linear scan, for its rate and for recall"
                + " (default ${DEFAULT-VALUE}).")
    int linearQueries = 100;

    @Mixin BenchOptions common;

    @Override
    public Integer call() throws InterruptedException {
      MatchBenchmark.Options options;
      try {
        options =
            new MatchBenchmark.Options(
                size, queries, threshold, clustered, threads, linearQueries, common.seed);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      MatchBenchmark.Result result = MatchBenchmark.run(options);
      PrintWriter out = spec.commandLine().getOut();
      out.println(common.json ? result.toJson() : result.toText());
      out.flush();
      return result.exact() ? 0 : 1;
    }
  }

  /**
   * {@code vigil bench snapshot}: save and load times of an index snapshot. By default it builds N
   * synthetic codes, saves them and loads them back in this process; with {@code --load-only --file
   * F} it only loads F, so run in a fresh process it measures a cold start.
   */
  @Command(
      name = "snapshot",
      description =
          "Save an index of N synthetic PDQ hashes to a snapshot and time loading it back"
              + " (or, with --load-only, time loading an existing snapshot).",
      mixinStandardHelpOptions = true)
  public static final class BenchSnapshotCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--size", description = "Hashes in the index (default ${DEFAULT-VALUE}).")
    int size = 10_000_000;

    @Option(
        names = "--file",
        description = "Snapshot file to write (kept) or, with --load-only, to read.")
    Path file;

    @Option(names = "--load-only", description = "Only load --file, timing a cold start.")
    boolean loadOnly;

    @Mixin BenchOptions common;

    @Override
    public Integer call() throws IOException {
      if (loadOnly && file == null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--load-only needs --file");
      }
      if (size < 1) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "size must be at least 1, got " + size);
      }
      int threshold = MultiIndexHammingIndex.DEFAULT_EXPECTED_THRESHOLD;
      SnapshotBenchmark.Result result;
      if (loadOnly) {
        result = SnapshotBenchmark.loadOnly(file, threshold);
      } else if (file != null) {
        result = SnapshotBenchmark.saveAndLoad(size, common.seed, file, threshold);
      } else {
        Path temp = Files.createTempFile("vigil-snapshot-", ".vhx");
        try {
          result = SnapshotBenchmark.saveAndLoad(size, common.seed, temp, threshold);
        } finally {
          Files.deleteIfExists(temp);
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(common.json ? result.toJson() : result.toText());
      out.flush();
      return result.intact() ? 0 : 1;
    }
  }
}
