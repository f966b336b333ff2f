package org.vigil.core.usecases;

import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.WrappedKey;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.reports.Filing;
import org.vigil.core.review.CaseOpening;
import org.vigil.core.review.ReviewCase;

/**
 * Storage port for a decision whose policy actions reach beyond the decision itself: in ONE
 * transaction the case is opened (or joined), the evidence row and the draft report for that case
 * are written, and then the decision record (naming the case), its audit entries and its outbox
 * messages. Either all of it is stored or none of it. vigil-store implements it.
 */
public interface PolicyActionStore {

  /** A preserved item's row: the metadata and its wrapped data key. */
  record EvidenceRow(EvidenceItem item, WrappedKey wrappedKey) {}

  /**
   * What to write, asked step by step inside the transaction. The store may call a plan more than
   * once (a lost race to open the case is retried from the start), so its methods must have no side
   * effects.
   */
  interface Plan {
    /** The evidence row for the case, or null when nothing is preserved. */
    EvidenceRow evidence(ReviewCase reviewCase);

    /** A new filing for the case, or null when nothing is reported. */
    Filing filing(ReviewCase reviewCase);

    /**
     * The decision commit, knowing what the store holds.
     *
     * @param opened whether this decision opened the case (false: it joined an open one)
     * @param evidence the stored item: the new row, or an earlier copy of the same bytes on the
     *     same case; null when nothing was preserved
     * @param filing the case's filing: the new one, or the one the case already had; null when
     *     nothing is reported
     */
    DecisionCommit decision(
        ReviewCase reviewCase, boolean opened, EvidenceItem evidence, Filing filing);
  }

  /** What was stored. */
  record Committed(
      ReviewCase reviewCase,
      boolean opened,
      EvidenceItem evidence,
      Filing filing,
      DecisionCommit commit) {}

  /**
   * Admits {@code opening} and writes what {@code plan} makes for the resulting case, atomically.
   */
  Committed commit(CaseOpening opening, Plan plan);
}
