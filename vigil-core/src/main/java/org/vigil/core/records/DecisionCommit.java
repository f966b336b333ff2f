package org.vigil.core.records;

import java.util.List;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.banks.exchanges.SignalOpinion;

/**
 * A decision with its audit entries, outgoing messages and the opinions it gives on bank signals,
 * committed in ONE transaction: either the decision is stored, audited, its messages enqueued and
 * its opinions recorded, or none of it happened.
 *
 * @param opinions what a moderator's decision on a hash-match case says about the matched signals
 *     (the feedback loop, docs/exchanges.md); empty for every other decision
 */
public record DecisionCommit(
    DecisionRecord decision,
    List<AuditEvent> audit,
    List<OutboxMessage> outbox,
    List<SignalOpinion> opinions) {
  public DecisionCommit {
    if (decision == null) {
      throw new IllegalArgumentException("decision is required");
    }
    audit = audit == null ? List.of() : List.copyOf(audit);
    outbox = outbox == null ? List.of() : List.copyOf(outbox);
    opinions = opinions == null ? List.of() : List.copyOf(opinions);
  }

  /** A decision with its audit entries and messages, judging no signal. */
  public DecisionCommit(
      DecisionRecord decision, List<AuditEvent> audit, List<OutboxMessage> outbox) {
    this(decision, audit, outbox, List.of());
  }
}
