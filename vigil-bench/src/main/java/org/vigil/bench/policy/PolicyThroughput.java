package org.vigil.bench.policy;

import java.util.Arrays;
import java.util.List;
import org.vigil.core.policy.CompiledPolicy;
import org.vigil.core.policy.PolicyCompiler;
import org.vigil.core.policy.PolicyParser;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.PolicyOutcome;

/**
 * Times {@link CompiledPolicy#evaluate} over the synthetic workload on the calling thread: a
 * warm-up, then a measured run recording every decision's latency.
 */
public final class PolicyThroughput {

  /** The result: rules, decisions per second and the 99th-percentile latency in microseconds. */
  public record Result(
      int rules,
      long decisions,
      double decisionsPerSecond,
      double decisionsPerCpuSecond,
      double p99Micros) {}

  private PolicyThroughput() {}

  public static Result run(int rules, long seed, double warmupSeconds, double seconds) {
    CompiledPolicy policy =
        PolicyCompiler.compile(PolicyParser.parse(PolicyWorkload.policy(rules, seed)), null);
    List<PolicyWorkload.Input> inputs = PolicyWorkload.inputs(4096, seed);
    long sink = loop(policy, inputs, (long) (warmupSeconds * 1e9), null);
    long[] latencies = new long[8_000_000];
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long count = loop(policy, inputs, (long) (seconds * 1e9), latencies);
    long elapsed = System.nanoTime() - start;
    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
    int recorded = (int) Math.min(count, latencies.length);
    long[] sorted = Arrays.copyOf(latencies, recorded);
    Arrays.sort(sorted);
    double p99 =
        sorted.length == 0
            ? 0
            : sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)] / 1000.0;
    if (sink == Long.MIN_VALUE) {
      System.out.print("");
    }
    return new Result(rules, count, count / (elapsed / 1e9), count / (cpu / 1e9), p99);
  }

  private static long loop(
      CompiledPolicy policy, List<PolicyWorkload.Input> inputs, long nanos, long[] latencies) {
    long deadline = System.nanoTime() + nanos;
    long count = 0;
    int i = 0;
    long blackhole = 0;
    while (true) {
      for (int batch = 0; batch < 256; batch++) {
        PolicyWorkload.Input input = inputs.get(i);
        i = (i + 1) & (inputs.size() - 1);
        long t0 = System.nanoTime();
        PolicyOutcome outcome =
            policy.evaluate(DecisionKind.CONTENT, input.signals(), input.context());
        long t1 = System.nanoTime();
        blackhole += outcome.actions().size();
        if (latencies != null && count < latencies.length) {
          latencies[(int) count] = t1 - t0;
        }
        count++;
      }
      if (System.nanoTime() >= deadline) {
        return blackhole == -1 ? -count : count;
      }
    }
  }
}
