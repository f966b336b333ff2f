package org.vigil.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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
 * Counts each stored scan decision as it is written: {@code vigil_scans_total{verdict}}, {@code
 * vigil_scan_matches_total{bank}} (once per bank matched in a scan) and {@code
 * vigil_scan_rules_total{rule}} (once per policy rule that fired). Counted after the store
 * returned, so a failed write is not counted. Tags are bank names and rule ids, which operators
 * choose and are few; never content or account ids.
 */
public final class MeteredDecisionLog implements DecisionLog {

  private final DecisionLog delegate;
  private final MeterRegistry meters;

  public MeteredDecisionLog(DecisionLog delegate, MeterRegistry meters) {
    this.delegate = delegate;
    this.meters = meters;
  }

  @Override
  public void append(DecisionCommit commit) {
    delegate.append(commit);
    DecisionRecord decision = commit.decision();
    if (decision.kind() != DecisionKind.CONTENT) {
      return;
    }
    Counter.builder("vigil_scans")
        .description("Scan decisions stored, by verdict")
        .tag("verdict", decision.verdict().wireName())
        .register(meters)
        .increment();
    Set<String> banks = new HashSet<>();
    for (Signal signal : decision.signals()) {
      if (signal instanceof HashMatch match) {
        banks.add(match.bank());
      }
    }
    for (String bank : banks) {
      Counter.builder("vigil_scan_matches")
          .description("Scans that matched a bank, by bank")
          .tag("bank", bank)
          .register(meters)
          .increment();
    }
    for (FiredRule rule : decision.firedRules()) {
      Counter.builder("vigil_scan_rules")
          .description("Scans in which a policy rule fired, by rule")
          .tag("rule", rule.rule())
          .register(meters)
          .increment();
    }
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
  public void forEach(Instant from, Instant to, Consumer<DecisionRecord> sink) {
    delegate.forEach(from, to, sink);
  }

  @Override
  public void forEachShadowedBy(String policyVersion, Consumer<DecisionRecord> sink) {
    delegate.forEachShadowedBy(policyVersion, sink);
  }
}
