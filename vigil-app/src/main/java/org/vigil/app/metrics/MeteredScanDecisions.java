package org.vigil.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.scan.Decision;
import org.vigil.core.scan.DecisionStore;

/**
 * Counts each stored scan decision as it is written: {@code vigil_scans_total{verdict}}, {@code
 * vigil_scan_matches_total{bank}} (once per bank matched in a scan) and {@code
 * vigil_scan_rules_total{rule}} (once per rule that gave a reason). Counted after the store
 * returned, so a failed write is not counted. Tags are bank names and rule ids, which operators
 * choose and are few; never content or account ids.
 */
public final class MeteredScanDecisions implements DecisionStore {

  private final DecisionStore delegate;
  private final MeterRegistry meters;

  public MeteredScanDecisions(DecisionStore delegate, MeterRegistry meters) {
    this.delegate = delegate;
    this.meters = meters;
  }

  @Override
  public void append(Decision decision, AuditEvent audit) {
    delegate.append(decision, audit);
    Counter.builder("vigil_scans")
        .description("Scan decisions stored, by verdict")
        .tag("verdict", String.valueOf(decision.verdict()))
        .register(meters)
        .increment();
    Set<String> banks = new HashSet<>();
    if (decision.matches() != null) {
      decision.matches().forEach(match -> banks.add(match.bank()));
    }
    for (String bank : banks) {
      Counter.builder("vigil_scan_matches")
          .description("Scans that matched a bank, by bank")
          .tag("bank", bank)
          .register(meters)
          .increment();
    }
    if (decision.reasons() != null) {
      decision.reasons().stream()
          .map(reason -> reason.rule() != null ? reason.rule() : reason.code())
          .distinct()
          .forEach(
              rule ->
                  Counter.builder("vigil_scan_rules")
                      .description("Scans in which a rule gave a reason, by rule")
                      .tag("rule", String.valueOf(rule))
                      .register(meters)
                      .increment());
    }
  }

  @Override
  public Optional<Decision> find(String decisionId) {
    return delegate.find(decisionId);
  }
}
