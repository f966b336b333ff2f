package org.vigil.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.vigil.core.records.CommitScope;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionPage;
import org.vigil.core.records.DecisionQuery;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.records.FiredRule;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.Signal;

/**
 * Counts each stored decision as it is written, and times the write. Scans: {@code
 * vigil_scans_total{verdict}}, {@code vigil_scan_matches_total{bank}} (once per bank matched in a
 * scan) and {@code vigil_scan_rules_total{rule}} (once per policy rule that fired). Decide calls:
 * {@code vigil_decides_total{verdict,action}} and {@code vigil_decide_rules_total{rule}}.
 * Moderators' decisions on cases: {@code vigil_review_decisions_total{verdict,kind}}. All: {@code
 * vigil_decision_commit_seconds{kind}}, the time until the decision, its audit entries and its
 * outbox messages were durable (group commit; the larger part of a scan's or decide's latency).
 * Counted after the store returned, so a failed write is not counted. Tags are verdicts, actions (a
 * fixed list), bank names and rule ids, which operators choose and are few; never content or
 * account ids.
 */
public final class MeteredDecisionLog implements DecisionLog {

  /** Buckets of the commit timer: a group commit takes about a disk flush, up to a second. */
  private static final Duration[] COMMIT_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofSeconds(1)
  };

  private final DecisionLog delegate;
  private final MeterRegistry meters;

  /**
   * Meters already registered, by name and tag values. Why: building a meter id (tags, sorting, the
   * registry's lookup) on every scan cost about 1 % of a scan's server CPU; a map lookup costs a
   * fraction of that. Tag values are the few verdicts, kinds, actions, banks and rules.
   */
  private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

  private final Map<String, Timer> commitTimers = new ConcurrentHashMap<>();

  public MeteredDecisionLog(DecisionLog delegate, MeterRegistry meters) {
    this.delegate = delegate;
    this.meters = meters;
  }

  /**
   * Counted and timed once durable: right after the store returns, or inside a {@link CommitScope}
   * (where the store may return once the commit is queued) when the scope's commits are durable.
   */
  @Override
  public void append(DecisionCommit commit) {
    long start = System.nanoTime();
    delegate.append(commit);
    CommitScope scope = CommitScope.current();
    if (scope == null) {
      recorded(commit.decision(), System.nanoTime() - start);
    } else {
      scope.whenDurable(() -> recorded(commit.decision(), System.nanoTime() - start));
    }
  }

  /**
   * Counts a decision stored in {@code nanos}: by {@link #append}, or by another store inside a
   * larger transaction (a moderator's decision with its case, a decision with the case its policy
   * actions opened).
   */
  @Override
  public void recorded(DecisionRecord decision, long nanos) {
    commitTimers
        .computeIfAbsent(
            decision.kind().wireName(),
            kind ->
                Timer.builder("vigil_decision_commit")
                    .description(
                        "Time until a decision, its audit entries and outbox messages were durable")
                    .tag("kind", kind)
                    .serviceLevelObjectives(COMMIT_BUCKETS)
                    .register(meters))
        .record(nanos, TimeUnit.NANOSECONDS);
    if (decision.caseId() != null
        && decision.context() != null
        && "human".equals(decision.context().get("reviewedBy"))) {
      counter(
              "vigil_review_decisions",
              "Moderators' decisions on cases, by verdict and kind",
              "verdict",
              decision.verdict().wireName(),
              "kind",
              decision.kind().wireName())
          .increment();
      return;
    }
    if (decision.kind() == DecisionKind.ACCOUNT_ACTION) {
      countDecide(decision);
      return;
    }
    counter(
            "vigil_scans",
            "Scan decisions stored, by verdict",
            "verdict",
            decision.verdict().wireName())
        .increment();
    Set<String> banks = new HashSet<>();
    for (Signal signal : decision.signals()) {
      if (signal instanceof HashMatch match) {
        banks.add(match.bank());
      }
    }
    for (String bank : banks) {
      counter("vigil_scan_matches", "Scans that matched a bank, by bank", "bank", bank).increment();
    }
    for (FiredRule rule : decision.firedRules()) {
      counter(
              "vigil_scan_rules",
              "Scans in which a policy rule fired, by rule",
              "rule",
              rule.rule())
          .increment();
    }
  }

  private void countDecide(DecisionRecord decision) {
    counter(
            "vigil_decides",
            "Decide calls stored, by verdict and the action asked about",
            "verdict",
            decision.verdict().wireName(),
            "action",
            askedAction(decision))
        .increment();
    for (FiredRule rule : decision.firedRules()) {
      counter(
              "vigil_decide_rules",
              "Decide calls in which a policy rule fired, by rule",
              "rule",
              rule.rule())
          .increment();
    }
  }

  /** The counter of {@code name} with the given tag keys and values (alternating). */
  private Counter counter(String name, String description, String... tags) {
    List<String> key = new ArrayList<>(tags.length + 1);
    key.add(name);
    key.addAll(Arrays.asList(tags));
    return counters.computeIfAbsent(
        key, k -> Counter.builder(name).description(description).tags(tags).register(meters));
  }

  /** The action a decide call asked about (signup, message...), as the use case recorded it. */
  private static String askedAction(DecisionRecord decision) {
    Object request = decision.context() == null ? null : decision.context().get("request");
    if (request instanceof Map<?, ?> asked && asked.get("action") instanceof String action) {
      return action;
    }
    return "other";
  }

  @Override
  public Optional<DecisionRecord> find(String tenant, String id) {
    return delegate.find(tenant, id);
  }

  @Override
  public DecisionPage query(DecisionQuery query) {
    return delegate.query(query);
  }

  @Override
  public void forEach(String tenant, Instant from, Instant to, Consumer<DecisionRecord> sink) {
    delegate.forEach(tenant, from, to, sink);
  }

  @Override
  public void forEachShadowedBy(
      String tenant, String policyVersion, Consumer<DecisionRecord> sink) {
    delegate.forEachShadowedBy(tenant, policyVersion, sink);
  }
}
