package org.vigil.core.review;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.records.DecisionCommit;

/**
 * Storage port for notices, cases, decisions, appeals and statements; vigil-store implements it.
 * Every method that changes a case is atomic: it either applies completely or not at all, and the
 * conditional ones ({@code expected.version()}) apply only to the case as the caller last saw it.
 */
public interface CaseStore {

  /** What the store knows when a notice (or a policy) joins a case, for triage. */
  record AdmissionFacts(
      ReviewCase existing,
      NoticeCategory incomingCategory,
      int distinctReporters,
      boolean trustedFlagger,
      int accountRestrictions) {}

  /** Where triage puts a case after an admission. */
  record Placement(
      NoticeCategory category,
      String queue,
      Priority priority,
      Instant deadline,
      boolean minorInvolved) {}

  /** Decides the placement from the facts; called inside the store's transaction. */
  @FunctionalInterface
  interface Placer {
    Placement place(AdmissionFacts facts);
  }

  /** The case a notice joined and whether it was opened for it. */
  record Admission(ReviewCase reviewCase, Notice notice, boolean opened) {}

  /**
   * In one transaction: finds the undecided case on {@code target.contentId()} in the tenant, or
   * opens one with {@code newCaseId}; adds {@code notice} (null for a case a policy opens);
   * recomputes the facts and applies {@code placer}'s placement. Two notices arriving together on
   * the same content end in the same case.
   */
  Admission admit(
      String tenant,
      NoticeTarget target,
      NoticeCategory category,
      Notice notice,
      String newCaseId,
      String source,
      String policyDecisionId,
      Instant now,
      Placer placer);

  Optional<ReviewCase> find(String tenant, String caseId);

  /** The case with its notices, decisions and appeals, oldest first. */
  Optional<CaseFile> file(String tenant, String caseId);

  List<ReviewCase> list(CaseQuery query);

  /**
   * Claims the case for {@code moderator} until {@code until}, atomically: succeeds when the case
   * is open or appealed, when the claim expired, or when {@code moderator} already holds it.
   *
   * @return the claimed case, or empty when someone else holds it or it is decided
   */
  Optional<ReviewCase> claim(
      String tenant, String caseId, String moderator, Instant now, Instant until);

  /** Gives back {@code moderator}'s claim; false when they did not hold it. */
  boolean release(String tenant, String caseId, String moderator);

  /**
   * Records a decision on the case as {@code expected} stood: the case becomes decided (its claim
   * and any pending appeal closed with {@code appealOutcome}), the decision row and the statement
   * (null when nothing was restricted) are stored.
   *
   * @return false when the case changed since {@code expected} (nothing was written)
   */
  default boolean recordDecision(
      ReviewCase expected,
      CaseDecision decision,
      StoredStatement statement,
      String appealOutcome,
      Instant now) {
    return recordDecision(expected, decision, statement, appealOutcome, now, null);
  }

  /**
   * As {@link #recordDecision(ReviewCase, CaseDecision, StoredStatement, String, Instant)}, and in
   * the same transaction writes {@code spine}: the decision's record, its audit entries and its
   * outbox messages (null for none). Nothing of either is written when the case changed.
   */
  boolean recordDecision(
      ReviewCase expected,
      CaseDecision decision,
      StoredStatement statement,
      String appealOutcome,
      Instant now,
      DecisionCommit spine);

  /**
   * Records on the case as {@code expected} stood a decision already taken (and committed with its
   * record and action) on another case: the case becomes decided, its decision row is stored and,
   * in the same transaction, its {@code audit} entries and {@code outbox} messages (its own {@code
   * review.decided}). No decision record, action or statement is written: they belong to the acting
   * case. Nothing is written when the case changed.
   *
   * @return false when the case changed since {@code expected}
   */
  boolean recordCoveredDecision(
      ReviewCase expected,
      CaseDecision decision,
      List<AuditEvent> audit,
      List<OutboxMessage> outbox,
      Instant now);

  /**
   * Records decisions on several cases that share one action (a bulk decision); each case as the
   * caller saw it. Returns the ids of the cases that changed meanwhile and were left alone.
   */
  default List<String> recordDecisions(
      List<ReviewCase> expected,
      List<CaseDecision> decisions,
      StoredStatement statement,
      Instant now) {
    List<String> skipped = new java.util.ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      if (!recordDecision(
          expected.get(i), decisions.get(i), i == 0 ? statement : null, null, now)) {
        skipped.add(expected.get(i).id());
      }
    }
    return skipped;
  }

  /**
   * Files an appeal against a decided case as {@code expected} stood: the case returns to the queue
   * as appealed with the new deadline.
   *
   * @return false when the case changed since {@code expected}
   */
  boolean fileAppeal(ReviewCase expected, Appeal appeal, Instant deadline, Instant now);

  /** Undecided cases across tenants whose deadline passed and which are not yet escalated. */
  List<ReviewCase> dueForEscalation(Instant now, int limit);

  /** Moves an overdue case to {@code queue} at {@code priority}; false when it changed. */
  boolean escalate(ReviewCase expected, String queue, Priority priority, Instant now);

  /** Returns expired claims to the queue; the number released. */
  int releaseExpiredClaims(Instant now);

  /** The latest statement of reasons issued on the case. */
  Optional<StoredStatement> statement(String tenant, String caseId);

  Optional<StoredStatement> statementByPuid(String puid);

  /** Marks a statement filed in the Transparency Database (idempotent). */
  void markFiled(String puid, Instant at);

  /** Sets a statement aside with the database's validation error. */
  void markRejected(String puid, String error);

  /** Counts for transparency reporting: notices, cases by state, decisions, appeals, reversals. */
  Map<String, Long> counts(String tenant);
}
