package org.vigil.core.actions;

import java.time.Duration;
import java.time.Instant;

/**
 * One outbox consumer's backlog at a moment, for the operator's metrics ({@code vigil_outbox_*}).
 *
 * @param consumer the consumer's name, e.g. {@code webhook}
 * @param pending deliveries not yet delivered nor dead (due now or waiting for a retry)
 * @param due pending deliveries due now: what the consumer should be sending
 * @param oldestPendingCreatedAt when the oldest pending delivery's message was written; null when
 *     none is pending
 * @param dead deliveries in the dead letters, until replayed
 */
public record OutboxBacklog(
    String consumer, long pending, long due, Instant oldestPendingCreatedAt, long dead) {

  public OutboxBacklog {
    if (consumer == null || consumer.isBlank()) {
      throw new IllegalArgumentException("consumer is required");
    }
  }

  /** How long the oldest pending message has waited at {@code now}; zero when none is pending. */
  public Duration oldestPendingAge(Instant now) {
    if (oldestPendingCreatedAt == null || oldestPendingCreatedAt.isAfter(now)) {
      return Duration.ZERO;
    }
    return Duration.between(oldestPendingCreatedAt, now);
  }
}
