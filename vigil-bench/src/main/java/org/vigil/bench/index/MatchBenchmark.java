package org.vigil.bench.index;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.vigil.hash.index.*;

/**
 * The measurement behind {@code vigil bench match}: builds a {@link MultiIndexHammingIndex} of
 * synthetic codes and, in the same run, a {@link LinearScanHammingIndex} of the same codes, then
 * times single-code queries against both and checks that the index finds exactly what the scan
 * finds. A benchmark, never a test: nothing here asserts a speed.
 */
public final class MatchBenchmark {

  /** What to measure. */
  public record Options(
      int size,
      int queries,
      int threshold,
      boolean clustered,
      int threads,
      int linearQueries,
      long seed) {

    public Options {
      if (size < 1) {
        throw new IllegalArgumentException("size must be at least 1, got " + size);
      }
      if (queries < 1) {
        throw new IllegalArgumentException("queries must be at least 1, got " + queries);
      }
      if (threshold < 0 || threshold > 256) {
        throw new IllegalArgumentException("threshold must be 0–256, got " + threshold);
      }
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("threads must be 1–256, got " + threads);
      }
      if (linearQueries < 1) {
        throw new IllegalArgumentException(
            "linear queries must be at least 1, got " + linearQueries);
      }
    }
  }

  /** What was measured; latencies in milliseconds, rates per second. */
  public record Result(
      int size,
      int threshold,
      boolean clustered,
      int threads,
      int queries,
      int linearQueries,
      double indexQps,
      double indexCpuQps,
      double linearQps,
      double speedup,
      double recall,
      boolean exact,
      double p50Ms,
      double p99Ms,
      double buildS,
      double buildCpuS,
      double bytesPerEntry,
      long hits,
      String layout) {

    /** One JSON object (numbers in plain decimal, no locale). */
    public String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"size\":%d,\"threshold\":%d,\"index_qps\":%.1f,\"linear_qps\":%.2f,\"speedup\":%.1f,"
              + "\"recall\":%s,\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"build_s\":%.3f,"
              + "\"bytes_per_entry\":%.1f,\"threads\":%d,\"clustered\":%b,\"queries\":%d,"
              + "\"linear_queries\":%d,\"exact\":%b,\"hits\":%d,\"index_cpu_qps\":%.1f,\"build_cpu_s\":%.3f}",
          size,
          threshold,
          indexQps,
          linearQps,
          speedup,
          recall == 1.0 ? "1.0" : String.format(Locale.ROOT, "%.6f", recall),
          p50Ms,
          p99Ms,
          buildS,
          bytesPerEntry,
          threads,
          clustered,
          queries,
          linearQueries,
          exact,
          hits,
          indexCpuQps,
          buildCpuS);
    }

    /** A few human-readable lines. */
    public String toText() {
      return String.format(
          Locale.ROOT,
          "%,d %s codes, threshold %d, %d thread(s); %s%n"
              + "build        %.2f s (%.2f s of CPU), %.1f bytes/entry%n"
              + "index        %,.0f queries/s  p50 %.3f ms  p99 %.3f ms  (%,d queries, %,d hits)%n"
              + "             %,.0f queries per CPU-second of the query threads%n"
              + "linear scan  %,.1f queries/s  (%,d queries)%n"
              + "speed-up     %,.0fx  recall %s%s",
          size,
          clustered ? "clustered" : "uniform",
          threshold,
          threads,
          layout,
          buildS,
          buildCpuS,
          bytesPerEntry,
          indexQps,
          p50Ms,
          p99Ms,
          queries,
          hits,
          indexCpuQps,
          linearQps,
          linearQueries,
          speedup,
          recall == 1.0 ? "1.0" : String.format(Locale.ROOT, "%.6f", recall),
          exact ? " (same results as the scan)" : " (RESULTS DIFFER FROM THE SCAN)");
    }
  }

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private MatchBenchmark() {}

  /** The word-based search that both the index and the linear scan offer (no allocation). */
  @FunctionalInterface
  private interface WordSearch {
    void search(long q0, long q1, long q2, long q3, int maxDistance, HitConsumer hits);
  }

  /** Runs query {@code q} of the flat {@code queries} array (four words per query). */
  private static void query(
      WordSearch search, long[] queries, int q, int threshold, HitConsumer hits) {
    int at = 4 * q;
    search.search(queries[at], queries[at + 1], queries[at + 2], queries[at + 3], threshold, hits);
  }

  /** CPU time of the whole process (all threads, GC included), or 0 where the JVM cannot say. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }

  public static Result run(Options options) throws InterruptedException {
    int n = options.size();
    long[] codes =
        options.clustered()
            ? SyntheticPdqCodes.clustered(n, 64, options.seed())
            : SyntheticPdqCodes.uniform(n, options.seed());
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = 1_000_000_000L + i;
    }
    long[] queries =
        SyntheticPdqCodes.queries(
            codes, n, options.queries(), options.threshold() + 8, options.seed() + 1);

    MultiIndexHammingIndex index = new MultiIndexHammingIndex(options.threshold(), 4096);
    long start = System.nanoTime();
    long processCpuStart = processCpuNanos();
    index.addAll(ids, codes, n);
    double buildS = (System.nanoTime() - start) / 1e9;
    double buildCpuS = (processCpuNanos() - processCpuStart) / 1e9;
    double bytesPerEntry = index.memoryBytes() / (double) n;

    LinearScanHammingIndex linear = new LinearScanHammingIndex();
    linear.addAll(ids, codes, n);
    codes = null;
    ids = null;

    int threshold = options.threshold();
    // Bound once: the timed loop must not create a method reference per query.
    WordSearch indexSearch = index::search;
    WordSearch linearSearch = linear::search;
    // Warm up the JIT on the index (and the scan) before timing anything.
    int warm = Math.min(options.queries(), 20_000);
    AtomicLong sink = new AtomicLong();
    for (int q = 0; q < warm; q++) {
      query(indexSearch, queries, q, threshold, (id, d) -> sink.incrementAndGet());
    }

    long[] latencies = new long[options.queries()];
    long[] hitsPerThread = new long[options.threads()];
    long[] cpuPerThread = new long[options.threads()];
    Thread[] workers = new Thread[options.threads()];
    int per = (options.queries() + options.threads() - 1) / options.threads();
    long wallStart = System.nanoTime();
    for (int t = 0; t < workers.length; t++) {
      int from = t * per;
      int to = Math.min(options.queries(), from + per);
      int thread = t;
      workers[t] =
          new Thread(
              () -> {
                long cpuStart = CPU.getCurrentThreadCpuTime();
                long[] count = new long[1];
                HitConsumer counter = (id, d) -> count[0]++;
                for (int q = from; q < to; q++) {
                  long began = System.nanoTime();
                  query(indexSearch, queries, q, threshold, counter);
                  latencies[q] = System.nanoTime() - began;
                }
                hitsPerThread[thread] = count[0];
                cpuPerThread[thread] = CPU.getCurrentThreadCpuTime() - cpuStart;
              },
              "bench-match-" + t);
      workers[t].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double indexSeconds = (System.nanoTime() - wallStart) / 1e9;
    long hits = Arrays.stream(hitsPerThread).sum();
    double cpuSeconds = Arrays.stream(cpuPerThread).sum() / 1e9;
    Arrays.sort(latencies);
    double p50 = latencies[(int) (0.50 * (latencies.length - 1))] / 1e6;
    double p99 = latencies[(int) Math.ceil(0.99 * (latencies.length - 1))] / 1e6;

    int linearQueries = Math.min(options.linearQueries(), options.queries());
    // Warm the scan too (its loop is compiled on first use), so it is timed at full speed.
    for (int q = 0; q < Math.min(3, linearQueries); q++) {
      query(linearSearch, queries, q, threshold, (id, d) -> sink.incrementAndGet());
    }
    long linearStart = System.nanoTime();
    for (int q = 0; q < linearQueries; q++) {
      query(linearSearch, queries, q, threshold, (id, d) -> sink.incrementAndGet());
    }
    double linearSeconds = (System.nanoTime() - linearStart) / 1e9;

    // Recall and exactness on the queries the scan answered (collecting, so not timed).
    long expected = 0;
    long found = 0;
    boolean exact = true;
    for (int q = 0; q < linearQueries; q++) {
      Set<Long> truth = new HashSet<>();
      Set<Long> got = new HashSet<>();
      query(linearSearch, queries, q, threshold, (id, d) -> truth.add(id * 512 + d));
      query(indexSearch, queries, q, threshold, (id, d) -> got.add(id * 512 + d));
      expected += truth.size();
      exact &= truth.equals(got);
      got.retainAll(truth);
      found += got.size();
    }
    double recall = expected == 0 ? 1.0 : found / (double) expected;
    double indexQps = options.queries() / indexSeconds;
    double linearQps = linearQueries / linearSeconds;
    return new Result(
        n,
        threshold,
        options.clustered(),
        options.threads(),
        options.queries(),
        linearQueries,
        indexQps,
        options.queries() / cpuSeconds,
        linearQps,
        indexQps / linearQps,
        recall,
        exact,
        p50,
        p99,
        buildS,
        buildCpuS,
        bytesPerEntry,
        hits,
        index.describe());
  }
}
