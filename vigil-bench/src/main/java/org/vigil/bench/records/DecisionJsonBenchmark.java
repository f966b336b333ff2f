package org.vigil.bench.records;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.ActionType;
import org.vigil.core.actions.Verdict;
import org.vigil.core.json.Json;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.records.FiredRule;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HashQuality;
import org.vigil.core.signal.Signal;
import org.vigil.server.api.DecisionJson;
import org.vigil.store.DecisionBodies;

/**
 * The JSON a scan by hash writes on its request thread, per operation on one thread: the stored
 * body of its decision row and the answer's bytes, each beside the way it was done before.
 *
 * <ul>
 *   <li>{@code storedBody}: {@link DecisionBodies#write}, the columns' fields and empty lists left
 *       out (V180); {@code storedWholeRecord}: the whole record, as the row kept it before.
 *   <li>{@code answer}: {@link DecisionJson#full} written to bytes, the signals embedded as raw
 *       JSON written once; {@code answerSignalsAsTree}: the same with the signals parsed back into
 *       a tree and written again, as before (this variant also pays the raw write it replaces,
 *       which for these one or two signals is small).
 * </ul>
 *
 * <p>{@code scan}: {@code no_match} is what almost every scan is (a PDQ hash that matches nothing,
 * verdict allow, no signals); {@code match} a block on one bank match with its PDQ quality.
 *
 * <p>Run: {@code mvn -B -q -pl vigil-bench -am package -DskipTests && java -jar
 * vigil-bench/target/benchmarks.jar DecisionJsonBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class DecisionJsonBenchmark {

  @Param({"no_match", "match"})
  String scan;

  private DecisionRecord decision;

  private static final ObjectWriter SIGNALS =
      Json.MAPPER.writerFor(new TypeReference<List<Signal>>() {});

  @Setup(Level.Trial)
  public void setUp() {
    Instant at = Instant.parse("2026-12-05T09:00:00.123Z");
    Map<String, Object> hashes = new LinkedHashMap<>();
    hashes.put("pdq", "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22");
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("hashes", hashes);
    context.put("platform", Map.of());
    boolean match = scan.equals("match");
    List<Signal> signals =
        match
            ? List.of(
                new HashMatch("demo", 17, "pdq", 12, "test", "synthetic", "block"),
                new HashQuality(90, 50, false))
            : List.of();
    List<Action> actions = match ? List.of(Action.of(ActionType.BLOCK)) : List.of();
    decision =
        new DecisionRecord(
            "dec_01a2456e4e9834f22305f3347924cb9f",
            "default",
            DecisionKind.CONTENT,
            null,
            signals,
            "f3f8c7ce3066c919",
            match
                ? List.of(new FiredRule("known-hash", "matched a bank", actions, "hash_match"))
                : List.of(),
            match ? Verdict.BLOCK : Verdict.ALLOW,
            actions,
            "key:cIsL98CKL-vo",
            at,
            context,
            null,
            List.of());
  }

  @Benchmark
  public String storedBody() {
    return DecisionBodies.write(decision);
  }

  @Benchmark
  public String storedWholeRecord() throws IOException {
    return Json.MAPPER.writeValueAsString(decision);
  }

  @Benchmark
  public byte[] answer() throws IOException {
    return Json.MAPPER.writeValueAsBytes(DecisionJson.full(decision));
  }

  @Benchmark
  public byte[] answerSignalsAsTree() throws IOException {
    Map<String, Object> view = DecisionJson.full(decision);
    view.put("signals", Json.MAPPER.readTree(SIGNALS.writeValueAsBytes(decision.signals())));
    return Json.MAPPER.writeValueAsBytes(view);
  }
}
