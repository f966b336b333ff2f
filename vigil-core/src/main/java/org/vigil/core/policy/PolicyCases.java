package org.vigil.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.Verdict;
import org.vigil.core.json.Json;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.FiredRule;
import org.vigil.core.records.PolicyOutcome;
import org.vigil.core.signal.Signal;

/**
 * Example inputs and the verdicts a policy must give them, for {@code vigil policy test}: a YAML
 * list of cases, each with a name, a kind ({@code content} by default), its signals (as a decision
 * record stores them, each with its {@code kind}), an optional context, and the expected verdict,
 * optionally the rules that must fire.
 *
 * <pre>
 * - name: close ncmec match blocks
 *   signals: [{kind: hash_match, bank: ncmec, signalId: 1, type: pdq, distance: 4}]
 *   expect: {verdict: block, rules: [ncmec-close]}
 * </pre>
 */
public final class PolicyCases {

  /** One case's result. */
  public record Result(String name, boolean passed, String detail) {}

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> CONTEXT =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  private PolicyCases() {}

  /**
   * Runs every case of {@code casesYaml} against {@code policy}.
   *
   * @throws IllegalArgumentException naming the case and field when the cases file is malformed
   */
  public static List<Result> run(CompiledPolicy policy, String casesYaml) {
    JsonNode root;
    try {
      root = Json.YAML.readTree(casesYaml);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the cases are not valid YAML: " + e.getMessage());
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("the cases file is a YAML list of cases");
    }
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode node = root.get(i);
      String name = node.path("name").asText("case " + (i + 1));
      String where = "cases[" + i + "] (" + name + ")";
      DecisionKind kind;
      List<Signal> signals = new ArrayList<>();
      Map<String, Object> context;
      try {
        kind = DecisionKind.fromWire(node.path("kind").asText("content"));
        for (JsonNode signal : node.path("signals")) {
          signals.add(Json.MAPPER.treeToValue(signal, Signal.class));
        }
        context =
            node.has("context") ? Json.MAPPER.convertValue(node.get("context"), CONTEXT) : Map.of();
      } catch (IllegalArgumentException | java.io.IOException e) {
        throw new IllegalArgumentException(where + ": " + firstLine(e.getMessage()));
      }
      JsonNode expect = node.path("expect");
      if (!expect.hasNonNull("verdict")) {
        throw new IllegalArgumentException(where + ": expect.verdict is required");
      }
      Verdict wanted;
      try {
        wanted = Verdict.fromWire(expect.get("verdict").asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
      PolicyOutcome outcome = policy.evaluate(kind, signals, context);
      List<String> fired = outcome.firedRules().stream().map(FiredRule::rule).toList();
      StringBuilder problems = new StringBuilder();
      if (outcome.verdict() != wanted) {
        problems
            .append("verdict ")
            .append(outcome.verdict().wireName())
            .append(", expected ")
            .append(wanted.wireName());
      }
      if (expect.has("rules")) {
        List<String> rules = new ArrayList<>();
        expect.get("rules").forEach(r -> rules.add(r.asText()));
        if (!rules.equals(fired)) {
          problems
              .append(problems.length() == 0 ? "" : "; ")
              .append("fired ")
              .append(fired)
              .append(", expected ")
              .append(rules);
        }
      }
      String detail =
          problems.length() == 0
              ? outcome.verdict().wireName()
                  + " by "
                  + fired
                  + " "
                  + outcome.actions().stream().map(Action::type).toList()
              : problems.toString();
      results.add(new Result(name, problems.length() == 0, detail));
    }
    return results;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
