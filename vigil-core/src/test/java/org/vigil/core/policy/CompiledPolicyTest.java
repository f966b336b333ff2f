package org.vigil.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.signal.AgeEvidence;
import org.vigil.core.signal.AgeRuleFinding;
import org.vigil.core.signal.CourtOrderHit;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.ReportSignal;
import org.vigil.core.signal.Score;
import org.vigil.core.signal.Signal;

/** The shortcuts of {@link CompiledPolicy} against plain one-by-one evaluation. */
class CompiledPolicyTest {

  /** Conditions of every shape the shortcuts treat specially, and some they must leave alone. */
  private static final List<String> CONDITIONS =
      List.of(
          "matches.exists(m, m.bank == \"b1\" && m.distance <= 10)",
          "matches.exists(m, m.bank == \"b2\" || m.bank == \"b3\")",
          "matches.exists(m, m.distance <= 5 && \"b1\" == m.bank)",
          "!matches.exists(m, m.bank == \"b1\")",
          "matches.all(m, m.bank == \"b2\")",
          "matches.size() == 0",
          "matches.exists(m, m.bank == \"b1\") || reports.count > 2",
          "content.type == \"video\" && uploader.known && uploader.min_age < 16",
          "content.type == \"image\" || content.type == \"video\"",
          "!(content.type == \"video\")",
          "content.type != \"text\" && reports.trusted_flagger",
          "uploader.may_be_minor",
          "has(uploader.max_age) && uploader.max_age < 18",
          "uploader.max_age < 18",
          "reports.count >= 3",
          "\"csam\" in reports.categories",
          "\"nudity\" in scores && scores[\"nudity\"] > 0.5",
          "court_orders.size() > 0",
          "court_orders.exists(o, o.matched_by == \"email\")",
          "request.kind == \"content\"",
          "true",
          "false",
          "matches.exists(m, m.bnak == \"b1\")",
          "age_rules.exists(f, f.outcome == \"deny\")",
          "age_rules.exists(f, f.outcome == \"require\" && f.requirement == \"parental_consent\")",
          "age_rules.exists(f, (f.outcome == \"require\" || f.outcome == \"protect\")"
              + " && \"age_assurance\" == f.requirement && f.code == \"c1\")",
          "age_rules.exists(f, f.outcome == \"deny\" && f.rule != \"r1\")",
          "age_rules.exists(f, f.outcome == \"deny\") && matches.size() == 0",
          "age_rules.all(f, f.outcome == \"deny\")",
          "age_rules.exists_one(f, f.outcome == \"deny\")",
          "age_rules.exists(f, f.missing == \"x\")");

  private static String policy() {
    StringBuilder text = new StringBuilder("name: shapes\nrules:\n");
    for (int i = 0; i < CONDITIONS.size(); i++) {
      text.append("  - id: r")
          .append(i)
          .append("\n    when: '")
          .append(CONDITIONS.get(i))
          .append("'\n    then: [label]\n");
    }
    return text.toString();
  }

  private static List<Signal> randomSignals(Random random) {
    List<Signal> signals = new ArrayList<>();
    int matches = random.nextInt(4);
    for (int i = 0; i < matches; i++) {
      signals.add(
          new HashMatch(
              "b" + random.nextInt(4), i, "pdq", random.nextInt(32), null, null, "review"));
    }
    if (random.nextBoolean()) {
      int min = 8 + random.nextInt(30);
      signals.add(
          new AgeEvidence(
              "uploader",
              min,
              random.nextBoolean() ? null : min + random.nextInt(5),
              "self_declared",
              0.5,
              min < 18));
    }
    if (random.nextInt(3) == 0) {
      signals.add(
          new ReportSignal(
              random.nextInt(5),
              random.nextBoolean() ? List.of("csam") : List.of("spam"),
              random.nextBoolean()));
    }
    if (random.nextInt(4) == 0) {
      signals.add(new Score("nudity", random.nextDouble()));
    }
    String[] outcomes = {"deny", "require", "protect", "allow"};
    String[] requirements = {"parental_consent", "age_assurance", null};
    for (int i = random.nextInt(4); i > 0; i--) {
      signals.add(
          new AgeRuleFinding(
              outcomes[random.nextInt(outcomes.length)],
              requirements[random.nextInt(requirements.length)],
              null,
              random.nextBoolean() ? "c1" : "c2",
              random.nextBoolean() ? "r1" : "r2",
              "law",
              null));
    }
    if (random.nextInt(5) == 0) {
      signals.add(
          new CourtOrderHit(
              "co",
              "case",
              "court",
              null,
              "forum",
              "2030",
              random.nextBoolean() ? "email" : "phone"));
    }
    return signals;
  }

  private static Map<String, Object> randomContext(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> Map.of();
      case 1 -> Map.of("platform", Map.of("contentType", "video"));
      case 2 -> Map.of("platform", Map.of("contentType", "image", "contentId", "c"));
      default -> Map.of("platform", Map.of("contentType", "text"));
    };
  }

  @Test
  void fired_randomInputs_equalsOneByOneEvaluation() {
    CompiledPolicy compiled = PolicyCompiler.compile(PolicyParser.parse(policy()), null);
    Random random = new Random(20261205);
    int firedSomething = 0;
    for (int i = 0; i < 3000; i++) {
      DecisionKind kind =
          random.nextInt(5) == 0 ? DecisionKind.ACCOUNT_ACTION : DecisionKind.CONTENT;
      Map<String, Object> variables =
          PolicyInputs.of(kind, randomSignals(random), randomContext(random));
      boolean[] fast = compiled.fired(variables);
      boolean[] slow = compiled.firedOneByOne(variables);
      assertThat(fast).as("input %s", variables).isEqualTo(slow);
      for (boolean f : slow) {
        firedSomething += f ? 1 : 0;
      }
    }
    // The inputs exercise the rules: many fire, so agreement is not agreement on "nothing".
    assertThat(firedSomething).isGreaterThan(3000);
  }

  @Test
  void guards_recogniseBankAndFieldEqualities() {
    CompiledPolicy compiled = PolicyCompiler.compile(PolicyParser.parse(policy()), null);
    Map<String, Object> noB1 =
        PolicyInputs.of(
            DecisionKind.CONTENT,
            List.of(new HashMatch("b2", 1, "pdq", 3, null, null, "review")),
            Map.of("platform", Map.of("contentType", "image")));
    // r0 needs a b1 match, r7 a video: both are ruled out without evaluation.
    assertThat(compiled.rules().get(0).mayFire(noB1)).isFalse();
    assertThat(compiled.rules().get(7).mayFire(noB1)).isFalse();
    // r3 is a negation and r9 too: never guarded.
    assertThat(compiled.rules().get(3).mayFire(noB1)).isTrue();
    assertThat(compiled.rules().get(9).mayFire(noB1)).isTrue();
  }

  @Test
  void exactExists_onlyWholeExistsOfEqualities() {
    CompiledPolicy compiled = PolicyCompiler.compile(PolicyParser.parse(policy()), null);
    List<Integer> exact = new ArrayList<>();
    for (CompiledPolicy.Rule rule : compiled.rules()) {
      if (Guards.exactExists(PolicyCompiler.parseCondition(rule.source().when())) != null) {
        exact.add(rule.index());
      }
    }
    // r1 (or of one field), r18 (court orders), r22 (missing field), r23-r25 (age findings, one
    // or more fields) and r30; not r0 (a distance), r3 (negation), r26-r29 (other tests,
    // conjunction outside, all, exists_one).
    assertThat(exact).containsExactly(1, 18, 22, 23, 24, 25, 30);
  }

  @Test
  void exactExists_builtinPolicyAgeAndBankRules() {
    long exact =
        BuiltinPolicy.get().rules().stream()
            .filter(r -> r.source().when().contains("exists"))
            .filter(
                r -> Guards.exactExists(PolicyCompiler.parseCondition(r.source().when())) != null)
            .count();
    long exists =
        BuiltinPolicy.get().rules().stream()
            .filter(r -> r.source().when().contains("exists"))
            .count();
    assertThat(exact).isEqualTo(exists).isGreaterThanOrEqualTo(8);
  }
}
