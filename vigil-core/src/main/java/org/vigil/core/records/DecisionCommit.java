package org.vigil.core.records;

import java.util.List;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.audit.AuditEvent;

/**
 * A decision with its audit entries and outgoing messages, committed in ONE transaction: either the
 * decision is stored, audited and its messages enqueued, or none of it happened.
 */
public record DecisionCommit(
    DecisionRecord decision, List<AuditEvent> audit, List<OutboxMessage> outbox) {
  public DecisionCommit {
    if (decision == null) {
      throw new IllegalArgumentException("decision is required");
    }
    audit = audit == null ? List.of() : List.copyOf(audit);
    outbox = outbox == null ? List.of() : List.copyOf(outbox);
  }
}
