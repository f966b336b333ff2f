package org.vigil.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times an operation in this thread's CPU time rather than wall time: on a machine shared with
 * other builds, wall-clock scores mostly measure the wait for a core. The figure is the median of
 * 15 blocks of {@code block} operations, after 10 blocks of warm-up, with the 10th and 90th
 * percentile blocks beside it.
 */
public final class CpuTimeBlocks {

  /** An operation whose result is kept from the optimiser. */
  @FunctionalInterface
  public interface Operation {
    Object run() throws Exception;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int BLOCKS = 15;
  private static final int WARM_UP_BLOCKS = 10;

  private CpuTimeBlocks() {}

  /** Prints {@code label} with the median, p10 and p90 CPU nanoseconds per operation. */
  public static void time(String label, int block, Operation operation) throws Exception {
    double[] perOp = new double[BLOCKS];
    int sink = 0;
    for (int b = -WARM_UP_BLOCKS; b < BLOCKS; b++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < block; i++) {
        sink += operation.run().hashCode() & 1;
      }
      long spent = THREADS.getCurrentThreadCpuTime() - start;
      if (b >= 0) {
        perOp[b] = (double) spent / block;
      }
    }
    Arrays.sort(perOp);
    System.out.printf(
        Locale.ROOT,
        "%s  median %7.0f ns CPU/op  (p10 %7.0f, p90 %7.0f)%s%n",
        label,
        perOp[BLOCKS / 2],
        perOp[BLOCKS / 10],
        perOp[BLOCKS * 9 / 10],
        sink < 0 ? "?" : "");
  }
}
