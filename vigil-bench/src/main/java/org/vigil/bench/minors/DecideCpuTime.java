package org.vigil.bench.minors;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The operations of {@link MinorsDecisionBenchmark}, timed in thread CPU time instead of wall time
 * (on a machine shared with other builds, wall-clock scores mostly measure the wait for a core):
 * the median of 15 blocks of 20,000 operations after 10 blocks of warm-up.
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar org.vigil.bench.minors.DecideCpuTime}
 */
public final class DecideCpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int BLOCK = 20_000;

  private DecideCpuTime() {}

  public static void main(String[] args) throws Exception {
    MinorsDecisionBenchmark b = new MinorsDecisionBenchmark();
    b.setUp();
    time("policy (built-in, decide signals)", b::policy);
    time("decide (gather, policy, answer)  ", b::decide);
    time("parse and decide                 ", b::parseAndDecide);
  }

  private static void time(String name, Supplier<Object> operation) {
    int blocks = 15;
    double[] perOp = new double[blocks];
    int sink = 0;
    for (int block = -10; block < blocks; block++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < BLOCK; i++) {
        sink += operation.get().hashCode() & 1;
      }
      long spent = THREADS.getCurrentThreadCpuTime() - start;
      if (block >= 0) {
        perOp[block] = (double) spent / BLOCK;
      }
    }
    Arrays.sort(perOp);
    System.out.printf(
        Locale.ROOT,
        "%s  median %7.0f ns CPU/op  (p10 %7.0f, p90 %7.0f)%s%n",
        name,
        perOp[blocks / 2],
        perOp[blocks / 10],
        perOp[blocks * 9 / 10],
        sink < 0 ? "?" : "");
  }
}
