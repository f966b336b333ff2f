package org.vigil.store;

import org.jdbi.v3.core.Handle;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.records.PolicyOutcome;

/**
 * A decision commit written inside a caller's own transaction: the decision row, its shadow
 * outcomes, its audit entries (linked into the chain), its outbox rows and the opinions on bank
 * signals it gives (the feedback loop). {@link JdbcDecisionLog} itself writes through the {@link
 * GroupCommitter}, which does the same for a batch at a time.
 */
final class DecisionWriter {

  private DecisionWriter() {}

  /** Writes {@code commit} inside the caller's transaction. */
  static void write(Handle h, DecisionCommit commit, DecisionRecord decision) {
    h.createUpdate(
            "INSERT INTO decisions (id, created_at, verdict, body, tenant, kind, subject,"
                + " policy_version) VALUES (:id, :at, :verdict, :body, :tenant, :kind, :subject,"
                + " :policy)")
        .bind("id", decision.id())
        .bind("at", Times.write(decision.createdAt()))
        .bind("verdict", decision.verdict().wireName())
        .bind("body", DecisionBodies.write(decision))
        .bind("tenant", decision.tenant())
        .bind("kind", decision.kind().wireName())
        .bind("subject", decision.subject())
        .bind("policy", decision.policyVersion())
        .execute();
    for (PolicyOutcome shadow : decision.shadow()) {
      h.createUpdate(
              "INSERT INTO decision_shadows (decision_id, policy_version, tenant, created_at,"
                  + " live_verdict, shadow_verdict) VALUES (:id, :policy, :tenant, :at, :live,"
                  + " :shadow)")
          .bind("id", decision.id())
          .bind("policy", shadow.policyVersion())
          .bind("tenant", decision.tenant())
          .bind("at", Times.write(decision.createdAt()))
          .bind("live", decision.verdict().wireName())
          .bind("shadow", shadow.verdict().wireName())
          .execute();
    }
    for (AuditEvent event : commit.audit()) {
      JdbcAuditStore.append(h, event, decision.createdAt());
    }
    if (!commit.outbox().isEmpty()) {
      try {
        OutboxWrites.insert(h.getConnection(), commit.outbox());
      } catch (java.sql.SQLException e) {
        throw new StoreException("cannot enqueue outbox messages: " + e.getMessage(), e);
      }
    }
    if (!commit.opinions().isEmpty()) {
      try {
        OpinionRows.insert(h.getConnection(), commit.opinions(), decision.createdAt());
      } catch (java.sql.SQLException e) {
        throw new StoreException("cannot record signal opinions: " + e.getMessage(), e);
      }
    }
  }
}
