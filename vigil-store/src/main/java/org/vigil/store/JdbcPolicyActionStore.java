package org.vigil.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.reports.Filing;
import org.vigil.core.review.CaseOpening;
import org.vigil.core.review.CaseStore;
import org.vigil.core.usecases.PolicyActionStore;

/**
 * A decision with case actions in ONE transaction: the case admission (review_cases), the evidence
 * row (evidence_items), the draft filing (report_filings), then the decision row, its audit entries
 * (linked into the chain) and its outbox rows. Not group-committed: only decisions that send
 * content to people take this path, and they are few beside the scans that match nothing.
 *
 * <p>Locks are taken in one order (the case row, then the audit chain head), the order a
 * moderator's decision takes them too, so the two cannot deadlock each other.
 */
public final class JdbcPolicyActionStore implements PolicyActionStore {

  private final Jdbi jdbi;
  private final JdbcCaseStore cases;

  public JdbcPolicyActionStore(Database database, JdbcCaseStore cases) {
    this.jdbi = database.jdbi();
    this.cases = cases;
  }

  @Override
  public Committed commit(CaseOpening opening, Plan plan) {
    // Two first decisions on the same content race to open its case; the loser's INSERT violates
    // the open case's uniqueness, its whole transaction rolls back, and the retry joins the winner.
    for (int attempt = 0; ; attempt++) {
      try {
        return jdbi.inTransaction(
            h -> {
              CaseStore.Admission admission =
                  cases.admitOnce(
                      h,
                      opening.tenant(),
                      opening.target(),
                      opening.category(),
                      null,
                      opening.newCaseId(),
                      CaseOpening.SOURCE,
                      opening.policyDecisionId(),
                      opening.now(),
                      opening.placer());
              EvidenceRow row = plan.evidence(admission.reviewCase());
              EvidenceItem evidence =
                  row == null
                      ? null
                      : JdbcEvidenceStore.insertOrGet(h, row.item(), row.wrappedKey());
              Filing draft = plan.filing(admission.reviewCase());
              Filing filing = draft == null ? null : JdbcFilingStore.createOrGet(h, draft);
              DecisionCommit commit =
                  plan.decision(admission.reviewCase(), admission.opened(), evidence, filing);
              DecisionWriter.write(h, commit, commit.decision());
              return new Committed(
                  admission.reviewCase(), admission.opened(), evidence, filing, commit);
            });
      } catch (JdbiException e) {
        if (attempt < 3 && JdbcCaseStore.isUniqueViolation(e)) {
          continue;
        }
        throw new StoreException("database call failed: " + e.getMessage(), e);
      }
    }
  }
}
