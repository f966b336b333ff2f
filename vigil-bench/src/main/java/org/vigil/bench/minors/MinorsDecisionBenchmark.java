package org.vigil.bench.minors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.vigil.core.intake.DecideJson;
import org.vigil.core.intake.DecideRequest;
import org.vigil.core.json.Json;
import org.vigil.core.minors.DecideAnswer;
import org.vigil.core.minors.DecideService;
import org.vigil.core.minors.InMemoryAccountDirectory;
import org.vigil.core.minors.MinorProtectionCheck;
import org.vigil.core.minors.RuleSetLoader;
import org.vigil.core.policy.BuiltinPolicy;
import org.vigil.core.policy.CompiledPolicy;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.PolicyOutcome;
import org.vigil.core.signal.Signal;

/**
 * Decisions per second on one core: the bundled rule set (31 jurisdictions), a mix of 4096 parsed
 * requests from {@link org.vigil.core.minors.DecideWorkload} (sign-up, login, message, follow, tag,
 * recommend, view_content; one to three signals per party). Measures {@link DecideService#decide}
 * as the HTTP handler calls it, without JSON parsing (measured separately in {@link
 * #parseAndDecide}) or I/O. {@link #policy} is the built-in policy alone on the signals those
 * requests gather ({@link CompiledPolicy#evaluate} as {@code Decide} calls it).
 *
 * <p>On a shared machine, {@link DecideCpuTime} times the same operations in thread CPU time.
 *
 * <p>Run: {@code mvn -B -q -pl vigil-bench -am package -DskipTests && java -jar
 * vigil-bench/target/benchmarks.jar MinorsDecisionBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class MinorsDecisionBenchmark {

  private DecideService service;
  private DecideRequest[] requests;
  private byte[][] bodies;
  private int next;
  private List<Gathered> gathered;

  /** What a request gathered: the policy's input. */
  private record Gathered(List<Signal> signals, Map<String, Object> context) {}

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    MinorProtectionCheck check = new MinorProtectionCheck(RuleSetLoader.bundled());
    service =
        new DecideService(
            new InMemoryAccountDirectory(),
            check.jurisdictions(),
            List.of(check),
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
    List<String> workload = DecideWorkload.requests(4096, 42);
    requests = new DecideRequest[workload.size()];
    bodies = new byte[workload.size()][];
    for (int i = 0; i < requests.length; i++) {
      bodies[i] = workload.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      requests[i] = DecideJson.readRequest(Json.MAPPER.readTree(bodies[i]));
    }
    gathered = new ArrayList<>(requests.length);
    for (DecideRequest request : requests) {
      DecideService.Gathered g = service.gather("default", request);
      gathered.add(new Gathered(g.signals(), Map.of("request", g.request())));
    }
  }

  @Benchmark
  public PolicyOutcome policy() {
    int i = next;
    next = (i + 1) & (4096 - 1);
    Gathered g = gathered.get(i);
    return BuiltinPolicy.get().evaluate(DecisionKind.ACCOUNT_ACTION, g.signals(), g.context());
  }

  @Benchmark
  public DecideAnswer decide() {
    int i = next;
    next = (i + 1) & (4096 - 1);
    return service.decide(requests[i]);
  }

  @Benchmark
  public DecideAnswer parseAndDecide() {
    int i = next;
    next = (i + 1) & (4096 - 1);
    try {
      return service.decide(DecideJson.readRequest(Json.MAPPER.readTree(bodies[i])));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
