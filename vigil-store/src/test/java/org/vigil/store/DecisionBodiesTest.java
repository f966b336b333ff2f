package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.ActionType;
import org.vigil.core.actions.Verdict;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.records.FiredRule;
import org.vigil.core.records.PolicyOutcome;
import org.vigil.core.signal.AgeEvidence;
import org.vigil.core.signal.AgeRuleFinding;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HashQuality;
import org.vigil.core.signal.Signal;

/**
 * The stored body is the same text whether {@code DecisionBodies.fast} or Jackson writes it (rows
 * written before the fast writer and after it read and compare alike), on generated records of both
 * kinds: scans with and without matches, decide calls with age signals and fired rules.
 */
class DecisionBodiesTest {

  @Test
  void write_anyGeneratedRecord_sameTextAsJackson() {
    qt().withExamples(2000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              DecisionRecord record = record(new Random(seed));
              assertThat(DecisionBodies.write(record)).isEqualTo(DecisionBodies.jackson(record));
            });
  }

  @Test
  void fast_typicalScanAndDecide_writtenWithoutJackson() {
    DecisionRecord scan =
        new DecisionRecord(
            "dec_1",
            "default",
            DecisionKind.CONTENT,
            null,
            List.of(),
            "p1",
            List.of(),
            Verdict.ALLOW,
            List.of(),
            "key:abc",
            Instant.EPOCH,
            Map.of("hashes", Map.of("pdq", "ab".repeat(32)), "platform", Map.of()),
            null,
            List.of());
    assertThat(DecisionBodies.fast(scan))
        .isEqualTo(
            "{\"requestedBy\":\"key:abc\",\"context\":{\"hashes\":{\"pdq\":\""
                + "ab".repeat(32)
                + "\"},\"platform\":{}}}");
    DecisionRecord decide =
        new DecisionRecord(
            "dec_2",
            "default",
            DecisionKind.ACCOUNT_ACTION,
            "u1",
            List.of(new AgeEvidence("actor", 13, 15, "self_declared", 0.5, true)),
            "p1",
            List.of(new FiredRule("r1", "why", List.of(Action.of(ActionType.DENY)), "age_rule")),
            Verdict.DENY,
            List.of(Action.of(ActionType.DENY)),
            "key:abc",
            Instant.EPOCH,
            Map.of("request", Map.of("action", "signup")),
            null,
            List.of());
    assertThat(DecisionBodies.fast(decide)).isNotNull().isEqualTo(DecisionBodies.jackson(decide));
  }

  private static final String[] PIECES = {"a", "Z", "\"", "\\", "\n", "é", "😀", "_", "1", " "};

  private static String text(Random random) {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(5); i > 0; i--) {
      s.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return s.toString();
  }

  private static String maybe(Random random) {
    return random.nextInt(3) == 0 ? null : text(random);
  }

  private static Action action(Random random) {
    ActionType[] types = ActionType.values();
    Map<String, String> params = new HashMap<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      params.put(text(random), text(random));
    }
    return new Action(types[random.nextInt(types.length)], params);
  }

  private static List<Action> actions(Random random) {
    List<Action> actions = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      actions.add(action(random));
    }
    return actions;
  }

  private static List<FiredRule> rules(Random random) {
    List<FiredRule> rules = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      rules.add(new FiredRule(maybe(random), maybe(random), actions(random), maybe(random)));
    }
    return rules;
  }

  private static Signal signal(Random random) {
    return switch (random.nextInt(4)) {
      case 0 ->
          new AgeEvidence(
              maybe(random),
              random.nextInt(100),
              random.nextBoolean() ? null : random.nextInt(100),
              maybe(random),
              random.nextDouble(),
              random.nextBoolean());
      case 1 ->
          new AgeRuleFinding(
              maybe(random),
              maybe(random),
              maybe(random),
              maybe(random),
              maybe(random),
              maybe(random),
              maybe(random));
      case 2 -> new HashQuality(random.nextInt(101), random.nextInt(101), random.nextBoolean());
      default ->
          new HashMatch(
              "bank", random.nextInt(1000), "pdq", random.nextInt(32), "csam", null, null);
    };
  }

  private static Object contextValue(Random random, int depth) {
    switch (random.nextInt(depth > 2 ? 4 : 6)) {
      case 0:
        return null;
      case 1:
        return text(random);
      case 2:
        return random.nextInt(1000);
      case 3:
        return random.nextBoolean();
      case 4:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          for (int i = random.nextInt(4); i > 0; i--) {
            map.put(text(random), contextValue(random, depth + 1));
          }
          return map;
        }
      default:
        return List.of(text(random), random.nextLong());
    }
  }

  private static DecisionRecord record(Random random) {
    List<Signal> signals = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      signals.add(signal(random));
    }
    Map<String, Object> context = new LinkedHashMap<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      context.put(text(random), contextValue(random, 0));
    }
    if (random.nextInt(10) == 0) {
      context.put("score", random.nextDouble());
    }
    List<PolicyOutcome> shadow = new ArrayList<>();
    if (random.nextInt(5) == 0) {
      shadow.add(new PolicyOutcome("p2", rules(random), Verdict.ALLOW, actions(random)));
    }
    return new DecisionRecord(
        "dec_" + random.nextInt(1000),
        "default",
        random.nextBoolean() ? DecisionKind.CONTENT : DecisionKind.ACCOUNT_ACTION,
        maybe(random),
        signals,
        "p1",
        rules(random),
        Verdict.values()[random.nextInt(Verdict.values().length)],
        actions(random),
        random.nextInt(5) == 0 ? null : "key:" + text(random),
        Instant.EPOCH,
        context,
        maybe(random),
        shadow);
  }
}
