package org.vigil.bench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import org.vigil.app.StreamSettings;
import org.vigil.app.VigilApp;
import org.vigil.bench.stream.PipelineBench;
import org.vigil.core.auth.Principal;
import org.vigil.core.matcher.IndexSnapshots;
import org.vigil.hash.PdqHash;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil bench worker-start}: how long a worker takes from its start to holding the full
 * index and polling Kafka, with N synthetic PDQ signals in PostgreSQL, started from the database
 * and started from an index snapshot (docs/kafka.md, "Index snapshots") plus the change log written
 * after it. Each start is a fresh wiring ({@link VigilApp}) in this JVM, as a worker process would
 * make it, against a real broker and an embedded PostgreSQL; the median of the runs is printed with
 * the load average.
 */
@Command(
    name = "worker-start",
    description =
        "Worker start time with N signals: from the database vs from an index snapshot and the"
            + " changes after it.",
    mixinStandardHelpOptions = true)
public final class BenchWorkerStartCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--signals",
      description = "Random PDQ signals in the bank (default ${DEFAULT-VALUE}).")
  int signals = 1_000_000;

  @Option(
      names = "--after",
      description =
          "Signals added one by one after the snapshot, which the start from it catches up on"
              + " (default ${DEFAULT-VALUE}).")
  int after = 1_000;

  @Option(names = "--runs", description = "Starts measured each way (default ${DEFAULT-VALUE}).")
  int runs = 3;

  @Mixin BenchOptions common;

  @Override
  public Integer call() throws Exception {
    if (signals < 1 || after < 0 || runs < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--signals >= 1, --after >= 0, --runs >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (PipelineBench bench = new PipelineBench(signals, 4)) {
      Path snapshots = bench.dir().resolve("snapshots");
      StreamSettings scratch = bench.workerSettings(4, 4, null);
      StreamSettings fromSnapshot = bench.workerSettings(4, 4, snapshots);

      long[] scratchMs = new long[runs];
      long[] scratchIndexMs = new long[runs];
      for (int i = 0; i < runs; i++) {
        long[] times = start(bench, scratch, false);
        scratchMs[i] = times[0];
        scratchIndexMs[i] = times[1];
      }

      IndexSnapshots.Written written;
      try (VigilApp writer = VigilApp.open(bench.config(), Clock.systemUTC())) {
        writer.loadBanks(scratch);
        written = writer.snapshots(fromSnapshot).write(java.util.Map::of).orElseThrow();
      }
      long bytes = Files.size(written.file());
      Random random = new Random(common.seed);
      for (int i = 0; i < after; i++) {
        PdqHash hash =
            new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
        bench
            .api()
            .banks()
            .addSignal("bench", "pdq", hash.toHex(), null, "bench", null, Principal.local("b"));
      }

      long[] snapshotMs = new long[runs];
      long[] snapshotIndexMs = new long[runs];
      for (int i = 0; i < runs; i++) {
        long[] times = start(bench, fromSnapshot, true);
        snapshotMs[i] = times[0];
        snapshotIndexMs[i] = times[1];
      }
      double load = PipelineBench.loadAverage();
      out.println(
          String.format(
              Locale.ROOT,
              common.json
                  ? "{\"signals\":%d,\"after\":%d,\"scratch_ms\":%d,\"scratch_index_ms\":%d,"
                      + "\"snapshot_ms\":%d,\"snapshot_index_ms\":%d,\"snapshot_write_ms\":%d,"
                      + "\"snapshot_bytes\":%d,\"runs\":%d,\"load_avg\":%.1f}"
                  : "%d signals (+%d added after the snapshot):%n"
                      + "  from the database: %d ms to ready (index %d ms)%n"
                      + "  from the snapshot: %d ms to ready (index %d ms, catch-up included)%n"
                      + "  snapshot written in %d ms, %d bytes; median of %d starts each way;"
                      + " load average %.1f on %d cores",
              signals,
              after,
              median(scratchMs),
              median(scratchIndexMs),
              median(snapshotMs),
              median(snapshotIndexMs),
              written.took().toMillis(),
              bytes,
              runs,
              load,
              Runtime.getRuntime().availableProcessors()));
    }
    out.flush();
    return 0;
  }

  /**
   * One worker start: the wiring opened, its index filled, its Kafka clients started. Returns the
   * milliseconds to ready and those spent filling the index.
   */
  private long[] start(PipelineBench bench, StreamSettings settings, boolean expectSnapshot) {
    System.gc();
    long t0 = System.nanoTime();
    try (VigilApp worker = VigilApp.open(bench.config(), Clock.systemUTC())) {
      long t1 = System.nanoTime();
      Optional<IndexSnapshots.Restored> restored = worker.loadBanks(settings);
      long t2 = System.nanoTime();
      worker.startKafka(settings);
      long t3 = System.nanoTime();
      if (restored.isPresent() != expectSnapshot) {
        throw new IllegalStateException(
            expectSnapshot ? "the snapshot was not restored" : "a snapshot was restored");
      }
      if (worker.matcher().size("bench") != bench.api().matcher().size("bench")) {
        throw new IllegalStateException("the worker's index does not hold the bank");
      }
      return new long[] {(t3 - t0) / 1_000_000, (t2 - t1) / 1_000_000};
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
