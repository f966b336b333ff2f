package org.vigil.report.ncii;

import java.util.concurrent.CompletableFuture;
import org.vigil.core.actions.Delivery;
import org.vigil.core.review.NciiBankWriter;
import org.vigil.core.review.NciiBanking;
import org.vigil.report.Attempt;
import org.vigil.report.OutboxConsumer;

/**
 * The {@code ncii_bank} outbox consumer: applies an ncii removal's hashes to the ncii bank (or
 * takes them out after a reversal) through {@link NciiBankWriter}, run by a {@link
 * org.vigil.report.DeliveryWorker} with the retries, backoff and dead letters every consumer has.
 * The receiver is Vigil's own bank, so the write happens on the worker's thread; a database outage
 * is a failed attempt, retried; a message that is not an ncii bank message can never succeed and
 * goes to the dead letters.
 */
public final class NciiBankConsumer implements OutboxConsumer {

  private final NciiBankWriter writer;

  public NciiBankConsumer(NciiBankWriter writer) {
    this.writer = writer;
  }

  @Override
  public String name() {
    return NciiBanking.CONSUMER;
  }

  @Override
  public CompletableFuture<Attempt> send(Delivery delivery) {
    Attempt attempt;
    try {
      writer.apply(delivery.message());
      attempt = Attempt.accepted();
    } catch (IllegalArgumentException e) {
      attempt = Attempt.rejected("not an ncii bank message: " + e.getMessage());
    } catch (RuntimeException e) {
      attempt = Attempt.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return CompletableFuture.completedFuture(attempt);
  }
}
