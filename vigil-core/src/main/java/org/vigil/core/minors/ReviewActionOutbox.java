package org.vigil.core.minors;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.vigil.core.catalogue.ServiceCategory;

/**
 * Durable list of review actions for the platform to act on. Recording is idempotent per account,
 * service, action and rule-set version, so a review can be re-run safely.
 */
public interface ReviewActionOutbox {

  /**
   * Records {@code finding} unless the same action is already recorded.
   *
   * @return true when it was new
   */
  boolean record(ReviewFinding finding, ServiceCategory service, String policyVersion, Instant at);

  /** Actions with an id above {@code afterId}, oldest first, at most {@code limit}. */
  List<ReviewAction> after(long afterId, int limit);

  /**
   * The action webhook delivery must send next: the undelivered one with the lowest id. Delivery
   * never moves past it, which keeps actions in order.
   */
  Optional<ReviewAction> oldestUndelivered();

  /** Records a 2xx answer to attempt {@code id}'s delivery (counting the attempt). */
  void markDelivered(long id, Instant at);

  /** Records a failed delivery attempt and why, so the next one is backed off and shown. */
  void recordFailedAttempt(long id, Instant at, String error);
}
