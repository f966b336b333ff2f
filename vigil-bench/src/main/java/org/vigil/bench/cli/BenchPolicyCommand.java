package org.vigil.bench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vigil.bench.policy.PolicyThroughput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil bench policy}: decisions per second of a synthetic N-rule policy (bank, age and
 * report conditions) on one thread, with the 99th-percentile latency of one decision; also per
 * CPU-second of the deciding thread, the per-core figure on a shared machine.
 */
@Command(
    name = "policy",
    description = "Evaluate a synthetic N-rule CEL policy on one thread; decisions/s and p99.",
    mixinStandardHelpOptions = true)
public final class BenchPolicyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--rules", description = "Rules in the policy (default ${DEFAULT-VALUE}).")
  int rules = 50;

  @Option(names = "--seconds", description = "Measured seconds (default ${DEFAULT-VALUE}).")
  int seconds = 10;

  @Option(names = "--warmup", description = "Warm-up seconds (default ${DEFAULT-VALUE}).")
  int warmup = 5;

  @Mixin BenchOptions common;

  @Override
  public Integer call() {
    if (rules < 1 || rules > 1000 || seconds < 1 || warmup < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--rules 1..1000, --seconds >= 1, --warmup >= 0");
    }
    PolicyThroughput.Result result = PolicyThroughput.run(rules, common.seed, warmup, seconds);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        String.format(
            Locale.ROOT,
            common.json
                ? "{\"rules\":%d,\"decisions_per_s\":%.0f,\"p99_us\":%.1f,"
                    + "\"decisions_per_cpu_s\":%.0f,\"decisions\":%d}"
                : "policy of %d rules: %.0f decisions/s on one thread, p99 %.1f µs"
                    + " (%.0f per CPU-second of that thread; %d decisions)",
            result.rules(),
            result.decisionsPerSecond(),
            result.p99Micros(),
            result.decisionsPerCpuSecond(),
            result.decisions()));
    out.flush();
    return 0;
  }
}
