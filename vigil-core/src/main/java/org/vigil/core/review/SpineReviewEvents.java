package org.vigil.core.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.ActionType;
import org.vigil.core.actions.Outbox;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.actions.Verdict;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.json.Json;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.signal.ReportSignal;
import org.vigil.core.signal.Signal;

/**
 * Moderator decisions as decision records of the spine: each decision, its audit entry and its
 * outgoing messages form one {@link DecisionCommit}, which the case store writes in the transaction
 * that marks the case decided. The messages:
 *
 * <ul>
 *   <li>{@code review.decided}: what the platform must do (remove the content, suspend the
 *       account...), with {@code retainUntil}, the end of the appeal window, until which removed
 *       content must be kept so that a reversal can restore it;
 *   <li>{@code review.reversed}: an appeal reversed an earlier restriction; undo it;
 *   <li>{@code statement.created}: the statement of reasons as filed in the DSA Transparency
 *       Database (the {@code dsa_tdb} consumer sends these);
 *   <li>{@code case.overdue}: a case passed its deadline and was escalated;
 *   <li>{@code ncii.bank_add} / {@code ncii.bank_remove}: an ncii removal's hashes go to the ncii
 *       bank, or leave it when the removal is reversed ({@link NciiBanking}).
 * </ul>
 */
public final class SpineReviewEvents implements ReviewEvents {

  public static final String DECIDED = "review.decided";
  public static final String REVERSED = "review.reversed";
  public static final String STATEMENT = "statement.created";
  public static final String OVERDUE = "case.overdue";

  private final DecisionLog log;
  private final Outbox outbox;
  private final MatchJudgements judgements;

  /**
   * @param log told of each decision once the case store committed it (metrics)
   */
  public SpineReviewEvents(DecisionLog log, Outbox outbox) {
    this(log, outbox, MatchJudgements.NONE);
  }

  /**
   * @param judgements the feedback loop: opinions on the signals whose match opened a case, and
   *     feedback for their exchanges, committed with the decision
   */
  public SpineReviewEvents(DecisionLog log, Outbox outbox, MatchJudgements judgements) {
    this.log = log;
    this.outbox = outbox;
    this.judgements = judgements;
  }

  @Override
  public void stored(DecisionCommit commit, long nanos) {
    log.recorded(commit.decision(), nanos);
    // The opinions are durable with the decision now: the negative banks may apply them.
    judgements.committed(new MatchJudgements.Judged(commit.opinions(), List.of()));
  }

  @Override
  public DecisionCommit commitFor(
      CaseFile file,
      CaseDecision decision,
      StoredStatement statement,
      CaseDecision reversed,
      Instant retainUntil,
      NciiBanking.Plan ncii) {
    ReviewCase c = file.reviewCase();
    boolean account = decision.action().restrictsAccount();
    Set<String> categories = new TreeSet<>();
    for (Notice notice : file.notices()) {
      categories.add(notice.category().wireName());
    }
    categories.add(c.category().wireName());
    List<Signal> signals =
        List.of(new ReportSignal(c.noticeCount(), List.copyOf(categories), c.trustedFlagger()));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("reviewedBy", "human");
    context.put("caseId", c.id());
    context.put("contentId", c.target().contentId());
    if (c.target().accountId() != null) {
      context.put("accountId", c.target().accountId());
    }
    context.put("ground", decision.ground() == null ? null : decision.ground().wireName());
    context.put("legalGround", decision.legalGround());
    context.put("explanation", decision.explanation());
    context.put("onAppeal", decision.onAppeal());
    if (reversed != null) {
      context.put("reverses", reversed.decisionId());
    }
    if (c.policyDecisionId() != null) {
      context.put("policyDecisionId", c.policyDecisionId());
    }
    if (ncii.context() != null) {
      context.put("nciiBank", ncii.context());
    }
    Action action = action(decision.action(), reversed);
    DecisionRecord record =
        new DecisionRecord(
            decision.decisionId(),
            decision.tenant(),
            account ? DecisionKind.ACCOUNT_ACTION : DecisionKind.CONTENT,
            account ? c.target().accountId() : c.target().contentId(),
            signals,
            null,
            List.of(),
            action.type().verdict() == null ? Verdict.ALLOW : action.type().verdict(),
            List.of(action),
            decision.decidedBy(),
            decision.decidedAt(),
            context,
            c.id(),
            List.of());
    List<OutboxMessage> messages = new ArrayList<>();
    Map<String, Object> payload = payload(file, decision, reversed, retainUntil);
    messages.add(
        message(
            decision.decisionId() + ":" + (reversed != null ? REVERSED : DECIDED),
            decision.tenant(),
            reversed != null ? REVERSED : DECIDED,
            "case:" + c.id(),
            json(payload),
            decision.decidedAt()));
    if (statement != null) {
      messages.add(
          message(
              statement.puid(),
              decision.tenant(),
              STATEMENT,
              "statement:" + statement.puid(),
              statement.transparencyJson(),
              decision.decidedAt()));
    }
    if (ncii.message() != null) {
      messages.add(ncii.message());
    }
    MatchJudgements.Judged judged = judgements.judge(file, decision, reversed);
    messages.addAll(judged.outbox());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("decisionId", decision.decisionId());
    details.put("action", decision.action().wireName());
    details.put("onAppeal", decision.onAppeal());
    if (!judged.opinions().isEmpty()) {
      details.put("signalOpinions", judged.opinions().size());
      details.put("exchangeFeedback", judged.outbox().size());
    }
    AuditEvent audit =
        new AuditEvent(decision.decidedBy(), "case.decide", "case:" + c.id(), json(details));
    return new DecisionCommit(record, List.of(audit), messages, judged.opinions());
  }

  @Override
  public Covered coveredBy(
      CaseFile file, CaseDecision decision, String actingCaseId, Instant retainUntil) {
    ReviewCase c = file.reviewCase();
    Map<String, Object> payload = payload(file, decision, null, retainUntil);
    // The action itself left with the acting case's message: this one is for this case's reporters.
    payload.put("coveredBy", actingCaseId);
    OutboxMessage decided =
        message(
            decision.decisionId() + ":" + c.id(),
            decision.tenant(),
            DECIDED,
            "case:" + c.id(),
            json(payload),
            decision.decidedAt());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("decisionId", decision.decisionId());
    details.put("action", decision.action().wireName());
    details.put("onAppeal", decision.onAppeal());
    details.put("coveredBy", actingCaseId);
    AuditEvent audit =
        new AuditEvent(decision.decidedBy(), "case.decide", "case:" + c.id(), json(details));
    return new Covered(List.of(audit), List.of(decided));
  }

  /** The body of {@code review.decided} (or {@code review.reversed}) for the file's case. */
  private static Map<String, Object> payload(
      CaseFile file, CaseDecision decision, CaseDecision reversed, Instant retainUntil) {
    ReviewCase c = file.reviewCase();
    Map<String, Object> payload = new LinkedHashMap<>();
    // The type in the body too: a webhook subscriber of "*" tells the events apart by it.
    payload.put("type", reversed != null ? REVERSED : DECIDED);
    payload.put("caseId", c.id());
    List<String> reportIds = new ArrayList<>();
    for (Notice notice : file.notices()) {
      reportIds.add(notice.id());
    }
    // The reports (notices) the case holds: the platform replies to their reporters.
    payload.put("reportIds", reportIds);
    payload.put("decisionId", decision.decisionId());
    payload.put("action", decision.action().wireName());
    payload.put("ground", decision.ground() == null ? null : decision.ground().wireName());
    payload.put("contentId", c.target().contentId());
    payload.put("accountId", c.target().accountId());
    payload.put("url", c.target().url());
    payload.put("onAppeal", decision.onAppeal());
    payload.put("reply", decision.reply());
    payload.put("statementPuid", decision.puid());
    if (decision.action().isRestriction()) {
      payload.put("retainUntil", retainUntil.toString());
    }
    if (reversed != null) {
      payload.put("reverses", reversed.decisionId());
      payload.put("undo", reversed.action().wireName());
    }
    return payload;
  }

  @Override
  public void overdue(ReviewCase c, Instant now) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", OVERDUE);
    payload.put("caseId", c.id());
    payload.put("queue", c.queue());
    payload.put("priority", c.priority().wireName());
    payload.put("category", c.category().wireName());
    payload.put("deadline", c.deadline().toString());
    payload.put("contentId", c.target().contentId());
    outbox.enqueue(
        message(
            c.id() + ":overdue:" + c.deadline().toEpochMilli(),
            c.tenant(),
            OVERDUE,
            "case:" + c.id(),
            json(payload),
            now));
  }

  private static Action action(ModerationAction action, CaseDecision reversed) {
    return switch (action) {
      case REMOVE -> Action.of(ActionType.REMOVE);
      case RESTRICT_VISIBILITY -> Action.of(ActionType.RESTRICT_VISIBILITY);
      case AGE_RESTRICT -> Action.of(ActionType.AGE_RESTRICT);
      case LABEL -> Action.of(ActionType.LABEL);
      case SUSPEND_ACCOUNT -> Action.of(ActionType.SUSPEND_ACCOUNT);
      case NO_ACTION -> Action.of(ActionType.ALLOW);
      case RESTORE ->
          new Action(
              ActionType.ALLOW,
              Map.of(
                  "restore", reversed == null ? "" : reversed.action().wireName(),
                  "reverses", reversed == null ? "" : reversed.decisionId()));
    };
  }

  private static OutboxMessage message(
      String id, String tenant, String topic, String subject, String payload, Instant at) {
    // Message ids are derived from the decision, so a retried commit cannot enqueue twice.
    return new OutboxMessage("msg_" + id, tenant, topic, subject, payload, at);
  }

  private static String json(Map<String, Object> value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
