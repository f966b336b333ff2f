package org.vigil.core.records;

import java.time.Instant;
import java.util.List;

/** Storage port for retention: deleting expired decision records, and legal holds that stop it. */
public interface RetentionStore {

  /**
   * Deletes up to {@code limit} decisions with {@code verdict} created before {@code cutoff} whose
   * subject is not under a legal hold in their tenant.
   *
   * @return how many were deleted
   */
  int deleteDecisions(String verdict, Instant cutoff, int limit);

  /**
   * As {@link #deleteDecisions}, and in the same transaction deletes the audit entries that
   * recorded those decisions ({@code scan.decide}, {@code decide.*}), after checking them, and
   * appends one pruning entry at {@code at} that accounts for them ({@link
   * org.vigil.core.audit.AuditPrunings}).
   *
   * @return how many decisions were deleted
   * @throws IllegalStateException if an entry to prune does not verify (nothing is deleted)
   */
  int deleteDecisionsWithTheirAuditEntries(String verdict, Instant cutoff, int limit, Instant at);

  /**
   * Deletes up to {@code limit} decisions that refused an account only because of court orders
   * (every fired rule has code {@code court_order}) whose orders all ended before {@code
   * endedBefore}, skipping subjects under a legal hold.
   *
   * @return how many were deleted
   */
  int deleteCourtOrderDecisions(Instant endedBefore, int limit);

  /**
   * Deletes up to {@code limit} per-day refusal counts of court orders that ended (or were revoked)
   * before {@code endedBefore}.
   *
   * @return how many were deleted
   */
  int deleteCourtOrderDenialCounts(Instant endedBefore, int limit);

  /** Places (or renews) a legal hold on a subject. */
  void hold(String tenant, String subject, String reason, String by, Instant at);

  /** Lifts a hold; false when there was none. */
  boolean release(String tenant, String subject);

  /** The holds of a tenant, oldest first. */
  List<LegalHold> holds(String tenant);
}
