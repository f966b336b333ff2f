package org.vigil.bench.records;

import org.vigil.bench.CpuTimeBlocks;

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

  private static final int BLOCK = 20_000;

  private DecisionJsonCpuTime() {}

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

  private static void time(String scan, String name, CpuTimeBlocks.Operation operation)
      throws Exception {
    CpuTimeBlocks.time(
        String.format(java.util.Locale.ROOT, "%-8s %s", scan, name), BLOCK, operation);
  }
}
