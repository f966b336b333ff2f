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

  /** Places (or renews) a legal hold on a subject. */
  void hold(String tenant, String subject, String reason, String by, Instant at);

  /** Lifts a hold; false when there was none. */
  boolean release(String tenant, String subject);

  /** The holds of a tenant, oldest first. */
  List<LegalHold> holds(String tenant);
}
