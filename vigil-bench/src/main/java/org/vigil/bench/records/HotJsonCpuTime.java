package org.vigil.bench.records;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vigil.bench.minors.DecideWorkload;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;
import org.vigil.core.intake.DecideJson;
import org.vigil.core.intake.DecideRequest;
import org.vigil.core.json.FastJson;
import org.vigil.core.json.Json;
import org.vigil.core.minors.DecideAnswer;
import org.vigil.core.minors.DecideService;
import org.vigil.core.minors.InMemoryAccountDirectory;
import org.vigil.core.minors.MinorProtectionCheck;
import org.vigil.core.minors.Reason;
import org.vigil.core.minors.Requirement;
import org.vigil.core.minors.RuleSetLoader;
import org.vigil.core.policy.BuiltinPolicy;
import org.vigil.core.policy.Policies;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.usecases.Decisions;
import org.vigil.server.api.DecisionJson;
import org.vigil.store.DecisionBodies;

/**
 * The JSON a scan and a decide call write on their request thread, each with {@link FastJson} (as
 * the server does) and with Jackson (as it did before), in thread CPU time (the median of 15 blocks
 * of 20,000 operations after 10 blocks of warm-up): the audit entry's canonical details, the stored
 * body of the decision row and the answer's bytes. Both give the same bytes ({@code FastJsonTest},
 * {@code DecisionBodiesTest}); this measures what that costs.
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar org.vigil.bench.records.HotJsonCpuTime}
 */
public final class HotJsonCpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int BLOCK = 20_000;

  private HotJsonCpuTime() {}

  public static void main(String[] args) throws Exception {
    for (String scan : new String[] {"no_match", "match"}) {
      DecisionJsonBenchmark b = new DecisionJsonBenchmark();
      b.scan = scan;
      b.setUp();
      DecisionRecord d = bodyOf(b);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("verdict", d.verdict().wireName());
      details.put("matches", (long) (scan.equals("match") ? 1 : 0));
      details.put("policyVersion", d.policyVersion());
      compare("scan " + scan, d, details, () -> DecisionJson.full(d));
    }
    DecisionRecord decide = decideRecord();
    compare("decide", decide, decideDetails(decide), () -> DecideAnswer.of(decide));
  }

  private static DecisionRecord bodyOf(DecisionJsonBenchmark b) throws Exception {
    java.lang.reflect.Field field = DecisionJsonBenchmark.class.getDeclaredField("decision");
    field.setAccessible(true);
    return (DecisionRecord) field.get(b);
  }

  /** A sign-up decided as {@code Decide} decides it: the workload's first sign-up. */
  private static DecisionRecord decideRecord() throws Exception {
    MinorProtectionCheck check = new MinorProtectionCheck(RuleSetLoader.bundled());
    DecideService service =
        new DecideService(
            new InMemoryAccountDirectory(),
            check.jurisdictions(),
            List.of(check),
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
    DecideRequest request = null;
    for (String body : DecideWorkload.requests(4096, 42)) {
      if (body.contains("\"signup\"") && body.contains("\"ES\"")) {
        request = DecideJson.readRequest(Json.MAPPER.readTree(body));
        break;
      }
    }
    DecideService.Gathered gathered = service.gather(Principal.DEFAULT_TENANT, request);
    return Decisions.decide(
        new Policies.Active(BuiltinPolicy.get(), List.of()),
        "dec_01a2456e4e9834f22305f3347924cb9f",
        new Principal("cIsL98CKL-vo", Role.PLATFORM, Principal.DEFAULT_TENANT),
        DecisionKind.ACCOUNT_ACTION,
        request.actor().accountId(),
        gathered.signals(),
        Map.of("request", gathered.request()),
        Instant.parse("2026-12-05T09:00:00.123Z"));
  }

  /** The audit details {@code Decide} records. */
  private static Map<String, Object> decideDetails(DecisionRecord d) {
    DecideAnswer answer = DecideAnswer.of(d);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("action", "signup");
    details.put("jurisdiction", "ES");
    details.put("decision", answer.verdict().wireName());
    details.put("requires", answer.requires().stream().map(Requirement::wireName).toList());
    List<String> reasons = new ArrayList<>();
    for (Reason reason : answer.reasons()) {
      reasons.add(reason.rule() == null ? reason.code() : reason.code() + ":" + reason.rule());
    }
    details.put("reasons", reasons);
    details.put("policyVersion", answer.policyVersion());
    details.put("dataVersion", answer.dataVersion());
    details.put("actorAccount", d.subject());
    details.put("targetAccount", null);
    details.put("decisionId", d.id());
    return details;
  }

  private static void compare(
      String name, DecisionRecord d, Map<String, Object> details, Callable<Object> view)
      throws Exception {
    Object answer = view.call();
    if (!Arrays.equals(FastJson.bytes(answer), Json.MAPPER.writeValueAsBytes(answer))
        || !DecisionBodies.write(d).equals(DecisionBodies.jackson(d))
        || !Decisions.canonical(details).equals(Json.MAPPER.writeValueAsString(details))) {
      throw new IllegalStateException(name + ": FastJson and Jackson differ");
    }
    pair(
        name,
        "audit details",
        () -> Decisions.canonical(details),
        () -> Json.MAPPER.writeValueAsString(details));
    pair(name, "stored body  ", () -> DecisionBodies.write(d), () -> DecisionBodies.jackson(d));
    pair(
        name,
        "answer bytes ",
        () -> FastJson.bytes(view.call()),
        () -> Json.MAPPER.writeValueAsBytes(view.call()));
  }

  /**
   * Both ways in alternating blocks, so that neither gains from running after the other (the JIT,
   * the other tenants of the machine): the median of 15 blocks each after 10 each of warm-up.
   */
  private static void pair(String scan, String what, Callable<Object> fast, Callable<Object> slow)
      throws Exception {
    int blocks = 15;
    double[] fastPerOp = new double[blocks];
    double[] slowPerOp = new double[blocks];
    int sink = 0;
    for (int block = -10; block < blocks; block++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < BLOCK; i++) {
        sink += fast.call().hashCode() & 1;
      }
      long middle = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < BLOCK; i++) {
        sink += slow.call().hashCode() & 1;
      }
      long end = THREADS.getCurrentThreadCpuTime();
      if (block >= 0) {
        fastPerOp[block] = (double) (middle - start) / BLOCK;
        slowPerOp[block] = (double) (end - middle) / BLOCK;
      }
    }
    Arrays.sort(fastPerOp);
    Arrays.sort(slowPerOp);
    System.out.printf(
        Locale.ROOT,
        "%-14s %s  FastJson %6.0f ns  Jackson %6.0f ns CPU/op  (p10-p90 %.0f-%.0f, %.0f-%.0f)%s%n",
        scan,
        what,
        fastPerOp[blocks / 2],
        slowPerOp[blocks / 2],
        fastPerOp[blocks / 10],
        fastPerOp[blocks * 9 / 10],
        slowPerOp[blocks / 10],
        slowPerOp[blocks * 9 / 10],
        sink < 0 ? "?" : "");
  }
}
