package org.vigil.core.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.vigil.core.audit.AuditLog;

/**
 * The periodic sweep of the review queues: returns expired claims to the queue, and moves every
 * case past its deadline to the escalation queue at urgent priority, announcing it once with a
 * {@code case.overdue} message (a platform's on-call hook).
 */
public final class OverdueEscalation {

  private static final int BATCH = 200;

  private final CaseStore store;
  private final TriageRules rules;
  private final ReviewEvents events;
  private final AuditLog audit;
  private final Clock clock;

  public OverdueEscalation(
      CaseStore store, TriageRules rules, ReviewEvents events, AuditLog audit, Clock clock) {
    this.store = store;
    this.rules = rules;
    this.events = events;
    this.audit = audit;
    this.clock = clock;
  }

  public String name() {
    return "review-escalation";
  }

  public Duration every() {
    return Duration.ofSeconds(30);
  }

  public void run() {
    sweep();
  }

  /**
   * One sweep.
   *
   * @return how many cases were escalated
   */
  public int sweep() {
    Instant now = clock.instant();
    store.releaseExpiredClaims(now);
    int escalated = 0;
    for (ReviewCase due : store.dueForEscalation(now, BATCH)) {
      // The announcement goes first: a case is marked escalated only once the outbox holds its
      // message, so a crash in between announces it again rather than never.
      events.overdue(due, now);
      if (store.escalate(due, rules.escalationQueue(), Priority.URGENT, now)) {
        escalated++;
        audit.record(
            "system",
            "case.overdue",
            "case:" + due.id(),
            Map.of("deadline", due.deadline().toString(), "queue", rules.escalationQueue()));
      }
    }
    return escalated;
  }
}
