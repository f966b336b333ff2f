package org.vigil.bench.policy;

import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.vigil.core.policy.CompiledPolicy;
import org.vigil.core.policy.PolicyCompiler;
import org.vigil.core.policy.PolicyParser;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.PolicyOutcome;

/**
 * One decision of the synthetic policy of {@link PolicyWorkload} ({@code rules} rules mixing bank,
 * age and report conditions) per operation, on one thread: {@link CompiledPolicy#evaluate} as the
 * scan and decide use cases call it.
 *
 * <p>Run: {@code mvn -B -q -pl vigil-bench -am package -DskipTests && java -jar
 * vigil-bench/target/benchmarks.jar PolicyBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class PolicyBenchmark {

  @Param({"10", "50"})
  int rules;

  private CompiledPolicy policy;
  private List<PolicyWorkload.Input> inputs;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    policy = PolicyCompiler.compile(PolicyParser.parse(PolicyWorkload.policy(rules, 42)), null);
    inputs = PolicyWorkload.inputs(4096, 42);
  }

  @Benchmark
  public PolicyOutcome evaluate() {
    PolicyWorkload.Input input = inputs.get(next);
    next = (next + 1) & (inputs.size() - 1);
    return policy.evaluate(DecisionKind.CONTENT, input.signals(), input.context());
  }
}
