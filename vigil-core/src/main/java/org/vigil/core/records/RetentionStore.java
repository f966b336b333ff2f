package org.vigil.core.records;

import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.audit.AuditPrunings;
import org.vigil.core.audit.AuditSigningKey;

/** Storage port for retention: deleting expired decision records, and legal holds that stop it. */
public interface RetentionStore {

  /**
   * One batch of a deletion: at most {@code limit} rows, and the audit entry that records it, made
   * by {@code audited} from the number deleted and appended at {@code at} in the batch's own
   * transaction, so that no deletion is ever stored without its record (a crash between the two is
   * impossible).
   */
  record Batch(int limit, Instant at, IntFunction<AuditEvent> audited) {}

  /**
   * Deletes a batch of decisions with {@code verdict} created before {@code cutoff} whose subject
   * is not under a legal hold in their tenant, with their shadow outcomes. With {@code
   * pruneSignedBy} not null, the audit entries that recorded them go too ({@code scan.decide},
   * {@code decide.*}), after checking them, accounted for by an {@link AuditPrunings#ACTION} entry
   * signed with that key in the same transaction.
   *
   * @return how many were deleted (nothing is audited when none)
   * @throws IllegalStateException if an entry to prune does not verify (nothing is deleted)
   */
  int deleteDecisions(String verdict, Instant cutoff, AuditSigningKey pruneSignedBy, Batch batch);

  /**
   * Deletes a batch of decisions that refused an account only because of court orders (every fired
   * rule has code {@code court_order}) whose orders all ended before {@code endedBefore}, skipping
   * subjects under a legal hold.
   *
   * @return how many were deleted
   */
  int deleteCourtOrderDecisions(Instant endedBefore, Batch batch);

  /**
   * Deletes a batch of per-day refusal counts of court orders that ended (or were revoked) before
   * {@code endedBefore}.
   *
   * @return how many were deleted
   */
  int deleteCourtOrderDenialCounts(Instant endedBefore, Batch batch);

  /** Places (or renews) a legal hold on a subject. */
  void hold(String tenant, String subject, String reason, String by, Instant at);

  /** Lifts a hold; false when there was none. */
  boolean release(String tenant, String subject);

  /** The holds of a tenant, oldest first. */
  List<LegalHold> holds(String tenant);
}
