package org.vigil.bench.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.vigil.core.signal.AgeEvidence;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HashQuality;
import org.vigil.core.signal.ReportSignal;
import org.vigil.core.signal.Signal;

/**
 * A synthetic policy and stream of decisions for {@code vigil bench policy} and {@code
 * PolicyBenchmark}: N rules mixing bank conditions (40 %), age conditions (30 %) and report
 * conditions (30 %), over decisions where half match no bank, most uploaders' ages are known and a
 * third of the content has been reported. Deterministic for a seed.
 */
public final class PolicyWorkload {

  /** Banks the rules and matches name. */
  public static final int BANKS = 10;

  private static final String[] CATEGORIES = {"csam", "spam", "violence", "nudity", "hate"};
  private static final String[] TYPES = {"image", "video", "text"};

  private PolicyWorkload() {}

  /** A policy document of {@code rules} rules. */
  public static String policy(int rules, long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder("name: bench\nrules:\n");
    for (int i = 0; i < rules; i++) {
      int kind = i % 10;
      String when;
      String then;
      if (kind < 4) {
        int bank = random.nextInt(BANKS);
        int distance = 4 + random.nextInt(28);
        when =
            "matches.exists(m, m.bank == \"bank" + bank + "\" && m.distance <= " + distance + ")";
        then =
            distance <= 10
                ? "[block, preserve_evidence]"
                : "[{queue_review: {queue: q" + bank + "}}]";
      } else if (kind < 7) {
        int age = 13 + random.nextInt(6);
        String type = TYPES[random.nextInt(TYPES.length)];
        when =
            "uploader.known && uploader.min_age < " + age + " && content.type == \"" + type + "\"";
        then = "[{queue_review: {queue: minors, priority: high}}, notify_user]";
      } else {
        int count = 1 + random.nextInt(8);
        String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
        when =
            random.nextBoolean()
                ? "reports.count >= " + count
                : "reports.trusted_flagger && \"" + category + "\" in reports.categories";
        then = "[restrict_visibility]";
      }
      text.append("  - id: r")
          .append(i)
          .append("\n    when: '")
          .append(when)
          .append("'\n    then: ")
          .append(then)
          .append('\n');
    }
    return text.toString();
  }

  /** One decision's input: its signals and context. */
  public record Input(List<Signal> signals, Map<String, Object> context) {}

  /** {@code count} decision inputs. */
  public static List<Input> inputs(int count, long seed) {
    Random random = new Random(seed ^ 0x5DEECE66DL);
    List<Input> inputs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<Signal> signals = new ArrayList<>(4);
      if (random.nextBoolean()) {
        int matches = 1 + random.nextInt(2);
        for (int m = 0; m < matches; m++) {
          signals.add(
              new HashMatch(
                  "bank" + random.nextInt(BANKS),
                  random.nextInt(1_000_000),
                  "pdq",
                  random.nextInt(32),
                  null,
                  null,
                  "review"));
        }
      }
      signals.add(new HashQuality(50 + random.nextInt(51), 50, false));
      if (random.nextInt(10) < 7) {
        int min = 10 + random.nextInt(30);
        signals.add(new AgeEvidence("uploader", min, min + 2, "self_declared", 0.5, min < 18));
      }
      if (random.nextInt(3) == 0) {
        signals.add(
            new ReportSignal(
                1 + random.nextInt(6),
                List.of(CATEGORIES[random.nextInt(CATEGORIES.length)]),
                random.nextInt(4) == 0));
      }
      Map<String, Object> context =
          Map.of(
              "platform",
              Map.of("contentId", "c" + i, "contentType", TYPES[random.nextInt(TYPES.length)]));
      inputs.add(new Input(signals, context));
    }
    return inputs;
  }
}
