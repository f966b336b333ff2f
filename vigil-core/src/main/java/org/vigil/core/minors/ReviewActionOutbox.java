package org.vigil.core.minors;

import java.time.Instant;
import java.util.List;
import org.vigil.core.catalogue.ServiceCategory;

/**
 * Durable list of review actions for the platform to act on. Recording is idempotent per account,
 * service, action and rule-set version, so a review can be re-run safely. A new action is also
 * written to the outbox ({@link ReviewActionEvents}) in the same transaction, from where webhook
 * subscribers receive it.
 */
public interface ReviewActionOutbox {

  /**
   * Records {@code finding} for its tenant unless the same action is already recorded, in one
   * atomic statement (concurrent reviews of the same account neither fail nor duplicate), with its
   * outbox message (to that tenant's subscribers).
   *
   * @return true when it was new
   */
  boolean record(ReviewFinding finding, ServiceCategory service, String policyVersion, Instant at);

  /**
   * Actions of {@code tenant} with an id above {@code afterId}, oldest first, at most {@code
   * limit}.
   */
  List<ReviewAction> after(String tenant, long afterId, int limit);
}
