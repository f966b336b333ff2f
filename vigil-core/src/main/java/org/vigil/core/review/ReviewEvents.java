package org.vigil.core.review;

import java.time.Instant;
import java.util.List;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.records.DecisionCommit;

/**
 * Where review outcomes leave for the rest of Vigil: each moderator decision becomes a decision
 * record of the spine, and its actions (and the statement of reasons) go out through the outbox.
 * The commit is stored by {@link CaseStore#recordDecision(ReviewCase, CaseDecision,
 * StoredStatement, String, Instant, DecisionCommit)} in the same transaction that marks the case
 * decided: a decided case always has its record and messages, and a record never exists for a case
 * left undecided.
 */
public interface ReviewEvents {

  /**
   * The spine commit of {@code decision} on {@code file}'s case: its decision record, audit entry
   * and outgoing messages (built, not stored).
   *
   * @param statement the statement of reasons, or null when nothing was restricted
   * @param reversed the decision a {@code restore} undoes, or null
   * @param retainUntil the end of the appeal window: the platform keeps removed content until then
   * @param ncii what the decision does to the ncii bank (its message leaves with the decision)
   */
  DecisionCommit commitFor(
      CaseFile file,
      CaseDecision decision,
      StoredStatement statement,
      CaseDecision reversed,
      Instant retainUntil,
      NciiBanking.Plan ncii);

  /**
   * What a case closed by another case's decision leaves behind: in a bulk account action, the
   * account is acted on once (the acting case's commit), and every other case naming it is recorded
   * as decided by that same decision. Each such case still gets its own {@code review.decided} (its
   * case id, its report ids, the shared decision id and reply, {@code coveredBy} naming the acting
   * case) and its audit entry, stored with its decided mark by {@link
   * CaseStore#recordCoveredDecision}.
   *
   * @param decision the shared decision as recorded on this case
   * @param actingCaseId the case whose commit carried the action
   */
  Covered coveredBy(CaseFile file, CaseDecision decision, String actingCaseId, Instant retainUntil);

  /** The audit entries and outbox messages of a covered case. */
  record Covered(List<AuditEvent> audit, List<OutboxMessage> outbox) {
    public Covered {
      audit = List.copyOf(audit);
      outbox = List.copyOf(outbox);
    }
  }

  /** Called once the case store committed {@code commit}, {@code nanos} after it began. */
  default void stored(DecisionCommit commit, long nanos) {}

  /** Announces that a case passed its deadline ({@code case.overdue}). */
  void overdue(ReviewCase reviewCase, Instant now);
}
