package org.vigil.core.usecases;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.actions.Verdict;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.auth.Principal;
import org.vigil.core.json.Json;
import org.vigil.core.policy.CompiledPolicy;
import org.vigil.core.policy.Policies;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.records.PolicyOutcome;
import org.vigil.core.signal.Signal;

/**
 * The steps every use case shares once it has its signals: the live policy decides, each shadow
 * policy's outcome is recorded beside it (never acted on, never sent), and the commit carries the
 * audit entry and, when the platform must act, one {@code decision.created} message.
 */
public final class Decisions {

  /** The outbox topic of a decision the platform has to act on. */
  public static final String CREATED = "decision.created";

  private Decisions() {}

  /** Evaluates the live and shadow policies and builds the record. */
  public static DecisionRecord decide(
      Policies.Active policies,
      String id,
      Principal by,
      DecisionKind kind,
      String subject,
      List<Signal> signals,
      Map<String, Object> context,
      Instant at) {
    PolicyOutcome live = policies.live().evaluate(kind, signals, context);
    List<PolicyOutcome> shadow = new ArrayList<>(policies.shadows().size());
    for (CompiledPolicy candidate : policies.shadows()) {
      shadow.add(candidate.evaluate(kind, signals, context));
    }
    return new DecisionRecord(
        id,
        by.tenant(),
        kind,
        subject,
        signals,
        live.policyVersion(),
        live.firedRules(),
        live.verdict(),
        live.actions(),
        by.actor(),
        at,
        context,
        null,
        shadow);
  }

  /**
   * The commit of {@code decision}: its audit entries and, when the live policy asked for anything
   * but a plain allow, the {@code decision.created} message for the tenant's subscribers. Only the
   * live outcome is sent; shadow outcomes stay in the record.
   */
  public static DecisionCommit commit(DecisionRecord decision, List<AuditEvent> audit) {
    List<OutboxMessage> outbox = List.of();
    if (decision.verdict() != Verdict.ALLOW || !decision.actions().isEmpty()) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("type", CREATED);
      payload.put("decisionId", decision.id());
      payload.put("kind", decision.kind().wireName());
      payload.put("subject", decision.subject());
      payload.put("verdict", decision.verdict().wireName());
      payload.put("actions", decision.actions());
      payload.put("policyVersion", decision.policyVersion());
      if (decision.caseId() != null) {
        payload.put("caseId", decision.caseId());
      }
      payload.put("createdAt", decision.createdAt().toString());
      String subject = decision.subject();
      outbox =
          List.of(
              new OutboxMessage(
                  "msg_" + decision.id().substring(4),
                  decision.tenant(),
                  CREATED,
                  subject == null || subject.length() > 256 ? null : subject,
                  json(payload),
                  decision.createdAt()));
    }
    return new DecisionCommit(decision, audit, outbox);
  }

  /** Audit details as canonical JSON (sorted keys), as {@code AuditLog} writes them. */
  public static String canonical(Map<String, ?> details) {
    try {
      return Json.MAPPER.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details are not serialisable", e);
    }
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("decision payloads are always serialisable", e);
    }
  }
}
