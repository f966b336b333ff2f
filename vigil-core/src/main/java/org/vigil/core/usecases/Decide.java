package org.vigil.core.usecases;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.auth.Principal;
import org.vigil.core.intake.DecideRequest;
import org.vigil.core.minors.DecideAnswer;
import org.vigil.core.minors.DecideService;
import org.vigil.core.minors.Reason;
import org.vigil.core.minors.Requirement;
import org.vigil.core.policy.Policies;
import org.vigil.core.records.DecisionIds;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionRecord;

/**
 * A decide call: validate → signals (court orders, the minors law data, the actor's age) → the live
 * policy (and shadows, recorded only) → one decision record, stored with its audit entry before the
 * answer leaves. Contact identifiers sent for court-order checks are never stored or logged.
 */
public final class Decide {

  private final DecideService checks;
  private final Policies policies;
  private final PolicyActions actions;
  private final Clock clock;

  /** Decide calls that store their decisions without taking case, evidence or report actions. */
  public Decide(DecideService checks, Policies policies, DecisionLog decisions, Clock clock) {
    this(checks, policies, PolicyActions.recordOnly(decisions), clock);
  }

  public Decide(DecideService checks, Policies policies, PolicyActions actions, Clock clock) {
    this.checks = checks;
    this.policies = policies;
    this.actions = actions;
    this.clock = clock;
  }

  public DecideAnswer decide(DecideRequest request, Principal by) {
    DecideService.Gathered gathered = checks.gather(by.tenant(), request);
    // Milliseconds: what every database stores exactly, so time-range queries find it again.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String subject = request.actor().accountId();
    DecisionRecord decision =
        Decisions.decide(
            policies.active(by.tenant()),
            DecisionIds.next(now),
            by,
            DecisionKind.ACCOUNT_ACTION,
            subject,
            gathered.signals(),
            Map.of("request", gathered.request()),
            now);
    DecideAnswer answer = DecideAnswer.of(decision);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("action", request.action().wireName());
    details.put("jurisdiction", request.jurisdiction());
    details.put("decision", answer.verdict().wireName());
    details.put("requires", answer.requires().stream().map(Requirement::wireName).toList());
    List<String> reasons = new ArrayList<>(answer.reasons().size());
    for (Reason reason : answer.reasons()) {
      reasons.add(reason.rule() == null ? reason.code() : reason.code() + ":" + reason.rule());
    }
    details.put("reasons", reasons);
    details.put("policyVersion", answer.policyVersion());
    details.put("dataVersion", answer.dataVersion());
    details.put("actorAccount", request.actor().accountId());
    details.put("targetAccount", request.target() == null ? null : request.target().accountId());
    details.put("decisionId", decision.id());
    DecisionRecord stored =
        actions.commit(
            decision,
            List.of(
                new AuditEvent(
                    by.actor(),
                    "decide." + request.action().wireName(),
                    "decision:" + decision.id(),
                    Decisions.canonical(details))),
            null);
    return stored == decision ? answer : DecideAnswer.of(stored);
  }
}
