package org.vigil.core.review;

import java.time.Duration;
import java.time.Instant;

/** Applies {@link TriageRules} to the facts of a case. Pure: no storage, no clock. */
public final class Triage {

  /** What triage needs to know about a case after a notice joined it. */
  public record Facts(
      NoticeCategory category,
      int distinctReporters,
      boolean trustedFlagger,
      int accountRestrictions,
      boolean minorInvolved) {}

  /** Where the case goes and by when. */
  public record Placement(String queue, Priority priority, Duration deadline) {}

  private final TriageRules rules;

  public Triage(TriageRules rules) {
    this.rules = rules;
  }

  public TriageRules rules() {
    return rules;
  }

  public Placement place(Facts facts) {
    TriageRules.CategoryRule start = rules.categories().get(facts.category());
    int steps = 0;
    if (facts.trustedFlagger()) {
      steps += rules.trustedFlaggerRaise();
    }
    if (facts.distinctReporters() >= rules.distinctReportersAtLeast()) {
      steps += rules.distinctReportersRaise();
    }
    if (facts.accountRestrictions() >= rules.accountHistoryAtLeast()) {
      steps += rules.accountHistoryRaise();
    }
    if (facts.minorInvolved()) {
      steps += rules.minorRaise();
    }
    Priority priority = start.priority().raise(steps);
    Duration deadline = rules.deadlines().get(priority);
    if (start.deadlineCap() != null && start.deadlineCap().compareTo(deadline) < 0) {
      deadline = start.deadlineCap();
    }
    return new Placement(start.queue(), priority, deadline);
  }

  /** The more pressing of two categories, for a case whose notices disagree. */
  public NoticeCategory moreSevere(NoticeCategory a, NoticeCategory b) {
    if (a == null) {
      return b;
    }
    int rankA = rules.categories().get(a).priority().rank();
    int rankB = rules.categories().get(b).priority().rank();
    if (rankA != rankB) {
      return rankA > rankB ? a : b;
    }
    // Equal priority: the enum order lists the graver harms first.
    return a.ordinal() <= b.ordinal() ? a : b;
  }

  /** The deadline of a notice received at {@code at} given the placement. */
  public static Instant deadline(Instant at, Placement placement) {
    return at.plus(placement.deadline());
  }
}
