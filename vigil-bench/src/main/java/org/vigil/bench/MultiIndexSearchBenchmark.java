package org.vigil.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vigil.bench.index.SyntheticPdqCodes;
import org.vigil.hash.index.HitConsumer;
import org.vigil.hash.index.LinearScanHammingIndex;
import org.vigil.hash.index.MultiIndexHammingIndex;

/**
 * Single-code Hamming queries against N synthetic PDQ codes: the multi-index and, for the speed-up,
 * Vigil's linear scan of the same codes.
 *
 * <p>Run (one thread, then both cores):
 *
 * <pre>
 * mvn -B -q -pl vigil-bench -am package -DskipTests
 * java -jar vigil-bench/target/benchmarks.jar MultiIndexSearchBenchmark -t 1
 * java -jar vigil-bench/target/benchmarks.jar MultiIndexSearchBenchmark.index -t 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms7g", "-Xmx7g", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class MultiIndexSearchBenchmark {

  private static final int QUERIES = 1 << 16;

  @Param({"10000000"})
  public int size;

  @Param({"31"})
  public int threshold;

  @Param({"false"})
  public boolean clustered;

  MultiIndexHammingIndex index;
  LinearScanHammingIndex linear;
  long[] queries;

  /** Per-thread query cursor; also the hit consumer, so a query allocates nothing. */
  @State(Scope.Thread)
  public static class Cursor implements HitConsumer {
    int next;
    long hits;

    @Override
    public void accept(long id, int distance) {
      hits += id + distance;
    }
  }

  @Setup(Level.Trial)
  public void build() {
    long[] codes =
        clustered ? SyntheticPdqCodes.clustered(size, 64, 42) : SyntheticPdqCodes.uniform(size, 42);
    long[] ids = new long[size];
    for (int i = 0; i < size; i++) {
      ids[i] = i;
    }
    queries = SyntheticPdqCodes.queries(codes, size, QUERIES, threshold + 8, 43);
    index = new MultiIndexHammingIndex(threshold, MultiIndexHammingIndex.DEFAULT_TAIL_CAPACITY);
    index.addAll(ids, codes, size);
    linear = new LinearScanHammingIndex();
    linear.addAll(ids, codes, size);
  }

  @Benchmark
  public long index(Cursor cursor) {
    int q = 4 * (cursor.next++ & (QUERIES - 1));
    index.search(queries[q], queries[q + 1], queries[q + 2], queries[q + 3], threshold, cursor);
    return cursor.hits;
  }

  @Benchmark
  @Warmup(iterations = 1, time = 5)
  @Measurement(iterations = 3, time = 5)
  public long linearScan(Cursor cursor) {
    int q = 4 * (cursor.next++ & (QUERIES - 1));
    linear.search(queries[q], queries[q + 1], queries[q + 2], queries[q + 3], threshold, cursor);
    return cursor.hits;
  }
}
