package org.vigil.bench.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.vigil.bench.stream.PipelineBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil bench kafka}: the scan pipeline on this machine (docs/kafka.md): scan requests per
 * second decided by 1 or more workers from a real broker into PostgreSQL, with precomputed hashes
 * or with images the workers decode and hash; with {@code --propagation}, the time from a signal
 * added on the API wiring to a scan on every worker matching it. Prints the load average beside
 * each figure: on a shared machine the number means little without it.
 */
@Command(
    name = "kafka",
    description =
        "Scan pipeline on a local Kafka broker and PostgreSQL: items/s per worker, or bank-change"
            + " propagation (--propagation).",
    mixinStandardHelpOptions = true)
public final class BenchKafkaCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--workers", description = "Worker wirings (default ${DEFAULT-VALUE}).")
  int workers = 1;

  @Option(
      names = "--threads",
      description = "Decision threads per worker (default ${DEFAULT-VALUE}).")
  int threads = 32;

  @Option(names = "--requests", description = "Scan requests (default ${DEFAULT-VALUE}).")
  int requests = 20_000;

  @Option(names = "--images", description = "Send 640x480 JPEG photos instead of PDQ hashes.")
  boolean images;

  @Option(
      names = "--bank",
      description = "Random PDQ hashes in the bank (default ${DEFAULT-VALUE}).")
  int bank = 100_000;

  @Option(names = "--partitions", description = "Request partitions (default ${DEFAULT-VALUE}).")
  int partitions = 12;

  @Option(
      names = "--propagation",
      description = "Measure N signal additions reaching every worker instead of throughput.")
  int propagation;

  @Mixin BenchOptions common;

  @Override
  public Integer call() throws Exception {
    if (workers < 1 || workers > 16 || requests < 100 || threads < 1 || bank < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--workers 1..16, --requests >= 100, --threads >= 1, --bank >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (PipelineBench bench = new PipelineBench(bank, partitions)) {
      for (int i = 0; i < workers; i++) {
        bench.startWorker(threads, partitions);
      }
      if (propagation > 0) {
        propagation(bench, out);
      } else {
        throughput(bench, out);
      }
    }
    out.flush();
    return 0;
  }

  private void throughput(PipelineBench bench, PrintWriter out) throws Exception {
    bench.publish(requests, images, common.seed);
    long warm = requests / 10;
    if (!bench.awaitDecided(warm, 600)) {
      throw new IllegalStateException("workers did not start deciding within 10 minutes");
    }
    long t0 = System.nanoTime();
    long d0 = bench.decided();
    double load0 = PipelineBench.loadAverage();
    if (!bench.awaitDecided(requests, 1800)) {
      throw new IllegalStateException("workers did not finish within 30 minutes");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double perSecond = (requests - d0) / seconds;
    double load1 = PipelineBench.loadAverage();
    out.println(
        String.format(
            Locale.ROOT,
            common.json
                ? "{\"workers\":%d,\"inputs\":\"%s\",\"items_per_s\":%.0f,"
                    + "\"items_per_s_per_worker\":%.0f,\"measured\":%d,\"load_avg\":[%.1f,%.1f]}"
                : "%d worker(s), %s: %.0f items/s (%.0f per worker), %d items measured;"
                    + " load average %.1f → %.1f on %d cores",
            bench.workerCount(),
            images ? "images" : "hashes",
            perSecond,
            perSecond / bench.workerCount(),
            requests - d0,
            load0,
            load1,
            Runtime.getRuntime().availableProcessors()));
  }

  private void propagation(PipelineBench bench, PrintWriter out) throws Exception {
    Random random = new Random(common.seed);
    for (int i = 0; i < 20; i++) {
      bench.propagation(random); // warm-up
    }
    long[] nanos = new long[propagation];
    for (int i = 0; i < propagation; i++) {
      nanos[i] = bench.propagation(random);
    }
    Arrays.sort(nanos);
    double p50 = nanos[nanos.length / 2] / 1e6;
    double p99 = nanos[(int) Math.min(nanos.length - 1, Math.ceil(nanos.length * 0.99) - 1)] / 1e6;
    double max = nanos[nanos.length - 1] / 1e6;
    double load = PipelineBench.loadAverage();
    out.println(
        common.json
            ? String.format(
                Locale.ROOT,
                "{\"workers\":%d,\"changes\":%d,\"p50_ms\":%.1f,\"p99_ms\":%.1f,"
                    + "\"max_ms\":%.1f,\"load_avg\":%.1f}",
                bench.workerCount(),
                propagation,
                p50,
                p99,
                max,
                load)
            : String.format(
                Locale.ROOT,
                "signal added → matched on all %d worker(s): p50 %.1f ms, p99 %.1f ms, max %.1f"
                    + " ms over %d changes; load average %.1f on %d cores",
                bench.workerCount(),
                p50,
                p99,
                max,
                propagation,
                load,
                Runtime.getRuntime().availableProcessors()));
  }
}
