package org.vigil.report;

import java.util.concurrent.CompletableFuture;
import org.vigil.core.actions.Delivery;

/**
 * One way out of Vigil: sends claimed outbox deliveries to one kind of receiver. Webhooks are the
 * first; an authority's reporting API (NCMEC CyberTipline, the EU DSA transparency database) or a
 * hash exchange's feedback endpoint plug in as further consumers, each with its own name, its own
 * subscribers and its own retries, run by a {@link DeliveryWorker}.
 *
 * <p>Implementations only send and say how it went; the worker owns claims, retries, backoff and
 * dead letters, so every consumer behaves the same under failure.
 */
public interface OutboxConsumer {

  /** The outbox consumer name its subscriptions carry, e.g. {@code webhook}. */
  String name();

  /**
   * Sends one delivery. The future must complete (never hang): implementations bound every network
   * call with a timeout and turn failures into {@link Attempt#failed} rather than completing
   * exceptionally.
   */
  CompletableFuture<Attempt> send(Delivery delivery);
}
