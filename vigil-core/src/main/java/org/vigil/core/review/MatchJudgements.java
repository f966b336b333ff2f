package org.vigil.core.review;

import java.util.List;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.banks.exchanges.SignalOpinion;

/**
 * What a moderator's decision says about the bank signals whose match opened the case: an opinion
 * on each (confirmed or overturned) and, for exchanges that take feedback, the messages that carry
 * it back. Both are committed with the decision record, in its transaction.
 */
public interface MatchJudgements {

  /** Judges nothing (no exchanges, or tests of review alone). */
  MatchJudgements NONE =
      new MatchJudgements() {
        @Override
        public Judged judge(CaseFile file, CaseDecision decision, CaseDecision reversed) {
          return Judged.NONE;
        }

        @Override
        public void committed(Judged judged) {}
      };

  /**
   * The opinions and feedback messages for {@code decision} on {@code file}'s case; {@link
   * Judged#NONE} when the case was not opened by a hash match.
   *
   * @param reversed the restriction a {@code restore} undoes, or null
   */
  Judged judge(CaseFile file, CaseDecision decision, CaseDecision reversed);

  /** Called once the decision and {@code judged} are durable (e.g. to apply a benign mark now). */
  void committed(Judged judged);

  /** Opinions to record and messages to enqueue with the decision. */
  record Judged(List<SignalOpinion> opinions, List<OutboxMessage> outbox) {
    public static final Judged NONE = new Judged(List.of(), List.of());

    public Judged {
      opinions = List.copyOf(opinions);
      outbox = List.copyOf(outbox);
    }
  }
}
