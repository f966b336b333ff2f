package org.vigil.bench.records;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The operations of {@link DecisionJsonBenchmark}, timed in thread CPU time instead of wall time:
 * on a machine shared with other builds, wall-clock JMH scores mostly measure the wait for a core
 * (their error bars there exceed the scores). Each figure is the median of 15 blocks of 20,000
 * operations, after 10 blocks of warm-up.
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar
 * org.vigil.bench.records.DecisionJsonCpuTime}
 */
public final class DecisionJsonCpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int BLOCK = 20_000;

  private DecisionJsonCpuTime() {}

  @FunctionalInterface
  private interface Operation {
    Object run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    for (String scan : new String[] {"no_match", "match"}) {
      DecisionJsonBenchmark b = new DecisionJsonBenchmark();
      b.scan = scan;
      b.setUp();
      time(scan, "storedWholeRecord  ", b::storedWholeRecord);
      time(scan, "storedBody         ", b::storedBody);
      time(scan, "answerSignalsAsTree", b::answerSignalsAsTree);
      time(scan, "answer             ", b::answer);
    }
  }

  private static void time(String scan, String name, Operation operation) throws Exception {
    int blocks = 15;
    double[] perOp = new double[blocks];
    int sink = 0;
    for (int block = -10; block < blocks; block++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < BLOCK; i++) {
        sink += operation.run().hashCode() & 1;
      }
      long spent = THREADS.getCurrentThreadCpuTime() - start;
      if (block >= 0) {
        perOp[block] = (double) spent / BLOCK;
      }
    }
    Arrays.sort(perOp);
    System.out.printf(
        Locale.ROOT,
        "%-8s %s  median %7.0f ns CPU/op  (p10 %7.0f, p90 %7.0f)%s%n",
        scan,
        name,
        perOp[blocks / 2],
        perOp[blocks / 10],
        perOp[blocks * 9 / 10],
        sink < 0 ? "?" : "");
  }
}
