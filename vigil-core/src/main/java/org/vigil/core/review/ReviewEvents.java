package org.vigil.core.review;

import java.time.Instant;

/**
 * Where review outcomes leave for the rest of Vigil: each moderator decision becomes a decision
 * record of the spine, and its actions (and the statement of reasons) go out through the outbox,
 * durably, before the case is marked decided.
 */
public interface ReviewEvents {

  /**
   * Records {@code decision} on {@code file}'s case and enqueues what it asks for.
   *
   * @param statement the statement of reasons, or null when nothing was restricted
   * @param reversed the decision a {@code restore} undoes, or null
   * @param retainUntil the end of the appeal window: the platform keeps removed content until then
   */
  void decided(
      CaseFile file,
      CaseDecision decision,
      StoredStatement statement,
      CaseDecision reversed,
      Instant retainUntil);

  /** Announces that a case passed its deadline ({@code case.overdue}). */
  void overdue(ReviewCase reviewCase, Instant now);
}
