package org.vigil.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.ActionType;
import org.vigil.core.actions.Verdict;
import org.vigil.core.intake.AssuranceLevel;
import org.vigil.core.minors.AgeBand;
import org.vigil.core.minors.DecideAnswer;
import org.vigil.core.minors.ProtectiveDefault;
import org.vigil.core.minors.Reason;
import org.vigil.core.minors.Requirement;
import org.vigil.core.records.FiredRule;
import org.vigil.core.signal.AgeEvidence;
import org.vigil.core.signal.AgeRuleFinding;
import org.vigil.core.signal.HashQuality;
import org.vigil.core.signal.Signal;
import org.vigil.core.signal.SignalJson;

/**
 * {@link FastJson} writes exactly the bytes {@link Json#MAPPER} writes: audit hashes, stored bodies
 * and answers depend on it. Values are generated from a seed: strings with quotes, backslashes,
 * control characters and non-ASCII text, nested maps in any insertion order, lists, numbers,
 * booleans, nulls, and the records that write themselves.
 */
class FastJsonTest {

  private static final ObjectWriter SIGNALS =
      Json.MAPPER.writerFor(new TypeReference<List<Signal>>() {});

  @Test
  void string_anyGeneratedValue_sameAsJackson() {
    qt().withExamples(2000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Object value = value(new Random(seed), 0);
              assertSameAsJackson(value);
            });
  }

  @Test
  void string_decideAnswers_sameAsJackson() {
    qt().withExamples(2000)
        .forAll(longs().all())
        .checkAssert(seed -> assertSameAsJackson(answer(new Random(seed))));
  }

  @Test
  void list_signals_sameAsJacksonListOfSignal() {
    qt().withExamples(1000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random random = new Random(seed);
              List<Signal> signals = new ArrayList<>();
              for (int i = random.nextInt(5); i > 0; i--) {
                signals.add(signal(random));
              }
              FastJson.Out out = new FastJson.Out();
              assertThat(SignalJson.list(out, signals)).isTrue();
              try {
                assertThat(out.toString()).isEqualTo(SIGNALS.writeValueAsString(signals));
              } catch (JsonProcessingException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void string_unsupportedParts_fallBackToJackson() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("z", 1.5);
    details.put("a", List.of(Verdict.DENY, java.time.Instant.EPOCH));
    details.put("e", Map.of("k", java.time.DayOfWeek.MONDAY));
    details.put("m", Map.of(1, "numeric key"));
    assertSameAsJackson(details);
    assertSameAsJackson(new AgeBand(12, null, null, Double.NaN));
    assertSameAsJackson(java.time.Instant.EPOCH);
  }

  @Test
  void string_escapes_asJackson() {
    String nasty = "q\"b\\s/\n\r\t\b\f\u0000\u001f\u007f é € 😀 \ud800 \u2028";
    assertSameAsJackson(Map.of(nasty, nasty, "plain", "text"));
    assertThat(FastJson.string(List.of("a\"b"))).isEqualTo("[\"a\\\"b\"]");
  }

  @Test
  void string_rawValue_embeddedAsItIs() {
    assertThat(FastJson.string(Map.of("b", new RawValue("[1,2]"), "a", true)))
        .isEqualTo("{\"a\":true,\"b\":[1,2]}");
  }

  private static void assertSameAsJackson(Object value) {
    try {
      assertThat(FastJson.string(value)).isEqualTo(Json.MAPPER.writeValueAsString(value));
      assertThat(FastJson.bytes(value)).isEqualTo(Json.MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static final String[] PIECES = {
    "a", "B", "key", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", " ", "é", "Ω", "😀", "1", "_"
  };

  private static String text(Random random) {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(6); i > 0; i--) {
      s.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return s.toString();
  }

  private static String maybe(Random random) {
    return random.nextInt(3) == 0 ? null : text(random);
  }

  private static Object value(Random random, int depth) {
    int pick = random.nextInt(depth > 3 ? 7 : 13);
    switch (pick) {
      case 0:
        return null;
      case 1:
      case 2:
        return text(random);
      case 3:
        return random.nextBoolean();
      case 4:
        return random.nextInt();
      case 5:
        return random.nextLong();
      case 6:
        return random.nextBoolean() ? action(random) : pick(random, ActionType.values());
      case 7:
      case 8:
        {
          Map<String, Object> map =
              switch (random.nextInt(4)) {
                case 0 -> new LinkedHashMap<>();
                case 1 -> new HashMap<>();
                case 2 -> new TreeMap<>();
                default -> new TreeMap<>(java.util.Comparator.reverseOrder());
              };
          for (int i = random.nextInt(5); i > 0; i--) {
            map.put(text(random), value(random, depth + 1));
          }
          return random.nextInt(4) == 0 ? Map.copyOf(withoutNulls(map)) : map;
        }
      case 9:
      case 10:
        {
          List<Object> list = new ArrayList<>();
          for (int i = random.nextInt(4); i > 0; i--) {
            list.add(value(random, depth + 1));
          }
          return list;
        }
      case 11:
        return reason(random);
      default:
        return rule(random);
    }
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> map) {
    Map<String, Object> copy = new HashMap<>();
    map.forEach((k, v) -> copy.put(k, v == null ? "" : v));
    return copy;
  }

  private static Action action(Random random) {
    ActionType[] types = ActionType.values();
    Map<String, String> params = new HashMap<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      params.put(text(random), text(random));
    }
    return new Action(types[random.nextInt(types.length)], params);
  }

  private static FiredRule rule(Random random) {
    List<Action> actions = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      actions.add(action(random));
    }
    return new FiredRule(maybe(random), maybe(random), actions, maybe(random));
  }

  private static Reason reason(Random random) {
    return new Reason(
        "c" + text(random), maybe(random), maybe(random), maybe(random), maybe(random));
  }

  private static Signal signal(Random random) {
    return switch (random.nextInt(3)) {
      case 0 ->
          new AgeEvidence(
              maybe(random),
              random.nextInt(100),
              random.nextBoolean() ? null : random.nextInt(100),
              maybe(random),
              random.nextInt(4) == 0 ? random.nextInt(2) : random.nextDouble(),
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
      default -> new HashQuality(random.nextInt(101), random.nextInt(101), random.nextBoolean());
    };
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  private static DecideAnswer answer(Random random) {
    List<Requirement> requires = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      requires.add(pick(random, Requirement.values()));
    }
    List<Reason> reasons = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      reasons.add(reason(random));
    }
    List<ProtectiveDefault> protections = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      protections.add(pick(random, ProtectiveDefault.values()));
    }
    AgeBand age =
        random.nextBoolean()
            ? null
            : new AgeBand(
                random.nextInt(100),
                random.nextBoolean() ? null : random.nextInt(100),
                random.nextBoolean() ? null : pick(random, AssuranceLevel.values()),
                random.nextInt(3) == 0 ? 1.0 : random.nextDouble());
    return new DecideAnswer(
        random.nextInt(5) == 0 ? null : pick(random, Verdict.values()),
        requires,
        random.nextBoolean() ? null : pick(random, AssuranceLevel.values()),
        reasons,
        random.nextInt(4) == 0 ? null : protections,
        age,
        random.nextInt(5) == 0 ? "" : maybe(random),
        random.nextInt(5) == 0 ? "" : maybe(random),
        random.nextInt(5) == 0 ? "" : maybe(random));
  }
}
