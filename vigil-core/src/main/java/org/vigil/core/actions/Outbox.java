package org.vigil.core.actions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one way out of Vigil for anything a decision asks to tell the world (the transactional outbox
 * pattern). A message is stored together with one pending {@link Delivery} for every subscription
 * of its tenant that wants its topic; consumers then claim their due deliveries, send them and
 * record the outcome. Delivery is at least once: a consumer that dies holding a claim loses only
 * the lease, and the delivery is claimed again when the lease ends.
 *
 * <p>Messages caused by a decision are written in the decision's own transaction ({@code
 * DecisionCommit}); {@link #enqueue} is for messages with no decision behind them.
 */
public interface Outbox {

  /** Deliveries a consumer may ask for at once. */
  int MAX_CLAIM = 500;

  /**
   * Stores {@code message} and its deliveries durably before returning. Idempotent by message id.
   *
   * @return true when the message was new
   */
  boolean enqueue(OutboxMessage message);

  /**
   * Claims up to {@code limit} pending deliveries of {@code consumer} due at {@code now}, oldest
   * due first, for {@code lease}: no other claim returns them until the lease ends or an outcome is
   * recorded.
   */
  List<Delivery> claim(String consumer, int limit, Duration lease, Instant now);

  /** Records that the receiver accepted delivery {@code id} (counting the attempt). */
  void markDelivered(String id, Instant at);

  /** Records a failed attempt of a pending delivery and when to try again. */
  void markFailed(String id, Instant at, String error, Instant nextAttemptAt);

  /** Records a last failed attempt: the delivery goes to the dead letters until replayed. */
  void markDead(String id, Instant at, String error);

  /**
   * Gives a claimed delivery back unattempted (its consumer stopped sending to that subscriber for
   * now): it is due again at once, with no attempt counted.
   */
  void release(String id);

  /** One delivery of a subscription, if it exists. */
  Optional<Delivery> delivery(String subscriptionId, String id);

  /**
   * A subscription's deliveries in {@code state} (null = all), newest first, with an id below
   * {@code before} (null = from the newest), at most {@code limit}.
   */
  List<Delivery> deliveries(String subscriptionId, DeliveryState state, String before, int limit);

  /** Every dead delivery of {@code consumer}, newest first, at most {@code limit}. */
  List<Delivery> dead(String consumer, int limit);

  /**
   * Makes a dead (or delivered) delivery pending again, due at {@code now}, with its attempts
   * counted from zero. Its id, and so the id the receiver de-duplicates by, does not change.
   *
   * @return false when the subscription has no such delivery
   */
  boolean replay(String subscriptionId, String id, Instant now);

  /**
   * Every consumer's backlog at {@code now}: each consumer that has (or had) a subscription, with
   * zeros when nothing waits. Read every few seconds for metrics, so it must stay cheap (indexed
   * counts).
   */
  List<OutboxBacklog> backlog(Instant now);
}
