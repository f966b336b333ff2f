package org.vigil.core.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vigil.core.actions.Action;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.records.FiredRule;
import org.vigil.core.records.PolicyOutcome;

/**
 * How a candidate policy version compares with what the live policy decided, over a set of
 * decisions: counts of verdicts and actions on both sides, the decisions where they disagree, and
 * each candidate rule's hits and overlap with other rules. Shadow reports and backtests share it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyReport(
    String version,
    String kind,
    Instant from,
    Instant to,
    long decisions,
    Side live,
    Side candidate,
    long disagreements,
    List<String> disagreementIds,
    List<RuleStats> rules) {

  /** Most disagreeing decision ids listed. */
  public static final int MAX_IDS = 100;

  /** Verdict and action counts of one side. */
  public record Side(Map<String, Long> verdicts, Map<String, Long> actions) {}

  /**
   * One candidate rule.
   *
   * @param overlaps for each other rule, in how many decisions both fired
   */
  public record RuleStats(String rule, long hits, Map<String, Long> overlaps) {}

  /** Accumulates a report, one decision at a time. Not thread-safe. */
  public static final class Builder {
    private final String version;
    private final String kind;
    private final Instant from;
    private final Instant to;
    private final List<String> ruleIds;
    private long decisions;
    private final Map<String, Long> liveVerdicts = new TreeMap<>();
    private final Map<String, Long> liveActions = new TreeMap<>();
    private final Map<String, Long> candidateVerdicts = new TreeMap<>();
    private final Map<String, Long> candidateActions = new TreeMap<>();
    private long disagreements;
    private final List<String> disagreementIds = new ArrayList<>();
    private final Map<String, Long> hits = new TreeMap<>();
    private final Map<String, Map<String, Long>> overlaps = new TreeMap<>();

    public Builder(String version, String kind, Instant from, Instant to, List<String> ruleIds) {
      this.version = version;
      this.kind = kind;
      this.from = from;
      this.to = to;
      this.ruleIds = List.copyOf(ruleIds);
    }

    public void add(DecisionRecord decision, PolicyOutcome candidate) {
      decisions++;
      count(decision.verdict().wireName(), liveVerdicts);
      count(candidate.verdict().wireName(), candidateVerdicts);
      for (Action action : decision.actions()) {
        count(action.type().wireName(), liveActions);
      }
      for (Action action : candidate.actions()) {
        count(action.type().wireName(), candidateActions);
      }
      if (decision.verdict() != candidate.verdict()
          || !new HashSet<>(decision.actions()).equals(new HashSet<>(candidate.actions()))) {
        disagreements++;
        if (disagreementIds.size() < MAX_IDS) {
          disagreementIds.add(decision.id());
        }
      }
      List<String> fired = candidate.firedRules().stream().map(FiredRule::rule).toList();
      for (String rule : fired) {
        count(rule, hits);
        for (String other : fired) {
          if (!other.equals(rule)) {
            count(other, overlaps.computeIfAbsent(rule, r -> new TreeMap<>()));
          }
        }
      }
    }

    public PolicyReport build() {
      List<RuleStats> rules = new ArrayList<>(ruleIds.size());
      Set<String> seen = new HashSet<>();
      for (String rule : ruleIds) {
        if (seen.add(rule)) {
          rules.add(
              new RuleStats(
                  rule, hits.getOrDefault(rule, 0L), overlaps.getOrDefault(rule, Map.of())));
        }
      }
      return new PolicyReport(
          version,
          kind,
          from,
          to,
          decisions,
          new Side(liveVerdicts, liveActions),
          new Side(candidateVerdicts, candidateActions),
          disagreements,
          disagreementIds,
          rules);
    }

    private static void count(String key, Map<String, Long> counts) {
      counts.merge(key, 1L, Long::sum);
    }
  }
}
