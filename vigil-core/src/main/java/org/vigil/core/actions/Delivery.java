package org.vigil.core.actions;

import java.time.Instant;

/**
 * One outbox message on its way to one subscriber of one consumer (a webhook endpoint, later an
 * authority's reporting API). Each delivery retries on its own, so one that a receiver keeps
 * rejecting never holds up the others.
 *
 * @param id the delivery id ({@code dlv_…}); stable across retries and replays
 * @param consumer which consumer sends it ({@code webhook}, ...)
 * @param subscriptionId the subscriber it goes to
 * @param message what is sent
 * @param state pending, delivered or dead
 * @param attempts attempts made so far (since the last replay)
 * @param nextAttemptAt when a pending delivery is due
 * @param lastAttemptAt when the last attempt ended; null before the first
 * @param lastError why the last attempt failed; null after a success or before the first attempt
 * @param deliveredAt when the receiver accepted it; null otherwise
 */
public record Delivery(
    String id,
    String consumer,
    String subscriptionId,
    OutboxMessage message,
    DeliveryState state,
    int attempts,
    Instant nextAttemptAt,
    Instant lastAttemptAt,
    String lastError,
    Instant deliveredAt) {

  public Delivery {
    if (id == null || consumer == null || subscriptionId == null || message == null) {
      throw new IllegalArgumentException("id, consumer, subscriptionId and message are required");
    }
    if (state == null || attempts < 0) {
      throw new IllegalArgumentException("state is required and attempts must not be negative");
    }
  }
}
