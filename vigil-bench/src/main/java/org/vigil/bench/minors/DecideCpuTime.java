package org.vigil.bench.minors;

import org.vigil.bench.CpuTimeBlocks;

/**
 * The operations of {@link MinorsDecisionBenchmark}, timed in thread CPU time instead of wall time
 * (on a machine shared with other builds, wall-clock scores mostly measure the wait for a core):
 * the median of 15 blocks of 20,000 operations after 10 blocks of warm-up.
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar org.vigil.bench.minors.DecideCpuTime}
 */
public final class DecideCpuTime {

  private static final int BLOCK = 20_000;

  private DecideCpuTime() {}

  public static void main(String[] args) throws Exception {
    MinorsDecisionBenchmark b = new MinorsDecisionBenchmark();
    b.setUp();
    time("policy (built-in, decide signals)", b::policy);
    time("decide (gather, policy, answer)  ", b::decide);
    time("parse and decide                 ", b::parseAndDecide);
  }

  private static void time(String name, CpuTimeBlocks.Operation operation) throws Exception {
    CpuTimeBlocks.time(name, BLOCK, operation);
  }
}
