package org.vigil.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.actions.Delivery;
import org.vigil.core.actions.Outbox;
import org.vigil.core.jobs.PeriodicJob;

/**
 * Moves one consumer's due deliveries out of the outbox: claim a batch with a lease, send each
 * subscriber's share in order (subscribers in parallel), record each outcome. A {@link PeriodicJob}
 * run by the one scheduler.
 *
 * <p>Why it is built this way: every delivery carries its own attempts and next attempt time, so a
 * delivery that a receiver keeps rejecting backs off alone while later ones flow, and after {@link
 * RetryPolicy#maxAttempts} it goes to the dead letters instead of blocking anything (issue 15,
 * finding 9: the first webhook worker sent strictly in order and stalled behind one bad event
 * forever). Within a run a subscriber's deliveries go one after the other, oldest first, so a
 * healthy receiver sees them in order; after one fails the rest of that subscriber's batch is
 * released untried until the next run, so a receiver that is down gets one attempt per run, not one
 * per waiting event. The outcome is written only after the receiver answered, and a claim is only a
 * lease, so a process killed mid-send loses nothing: the lease ends and the delivery is claimed
 * again, with the same id for the receiver to de-duplicate (at least once).
 */
public final class DeliveryWorker implements PeriodicJob {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

  /** Batches per run at most, so one run always ends and the scheduler stays in charge. */
  private static final int MAX_BATCHES_PER_RUN = 50;

  private final Outbox outbox;
  private final OutboxConsumer consumer;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Duration lease;
  private final Duration every;
  private final int batch;
  private final DoubleSupplier random;

  /**
   * @param lease how long a claim holds: at least twice the consumer's slowest send, since no send
   *     starts after half of it. Kept short: deliveries a killed process held wait this long.
   * @param every how often the scheduler should run it
   * @param batch deliveries claimed and sent at once
   */
  public DeliveryWorker(
      Outbox outbox,
      OutboxConsumer consumer,
      RetryPolicy retry,
      Clock clock,
      Duration lease,
      Duration every,
      int batch) {
    this(
        outbox,
        consumer,
        retry,
        clock,
        lease,
        every,
        batch,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** As above, with the jitter's random source given (tests). */
  public DeliveryWorker(
      Outbox outbox,
      OutboxConsumer consumer,
      RetryPolicy retry,
      Clock clock,
      Duration lease,
      Duration every,
      int batch,
      DoubleSupplier random) {
    if (outbox == null || consumer == null || retry == null || clock == null || random == null) {
      throw new IllegalArgumentException("outbox, consumer, retry, clock and random are required");
    }
    if (lease == null || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive");
    }
    if (every == null || every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("every must be positive");
    }
    if (batch < 1 || batch > Outbox.MAX_CLAIM) {
      throw new IllegalArgumentException("batch must be 1 to " + Outbox.MAX_CLAIM);
    }
    this.outbox = outbox;
    this.consumer = consumer;
    this.retry = retry;
    this.clock = clock;
    this.lease = lease;
    this.every = every;
    this.batch = batch;
    this.random = random;
  }

  @Override
  public String name() {
    return "outbox-" + consumer.name();
  }

  @Override
  public Duration every() {
    return every;
  }

  @Override
  public void run() {
    deliverDue();
  }

  /**
   * Sends every delivery due now, batch by batch.
   *
   * @return how many were accepted
   */
  public int deliverDue() {
    int accepted = 0;
    for (int round = 0; round < MAX_BATCHES_PER_RUN; round++) {
      List<Delivery> claimed = outbox.claim(consumer.name(), batch, lease, clock.instant());
      if (claimed.isEmpty()) {
        return accepted;
      }
      Map<String, List<Delivery>> bySubscriber = new LinkedHashMap<>();
      for (Delivery delivery : claimed) {
        bySubscriber
            .computeIfAbsent(delivery.subscriptionId(), k -> new ArrayList<>())
            .add(delivery);
      }
      // A send starting after half the lease could outlive it: leave the rest for the next run.
      long sendBefore = System.nanoTime() + lease.toNanos() / 2;
      Map<String, CompletableFuture<List<Attempt>>> sends = new LinkedHashMap<>();
      bySubscriber.forEach(
          (subscriber, deliveries) -> sends.put(subscriber, inTurn(deliveries, sendBefore)));
      boolean released = false;
      for (Map.Entry<String, List<Delivery>> entry : bySubscriber.entrySet()) {
        List<Attempt> attempts = await(sends.get(entry.getKey()), entry.getValue().size());
        if (attempts == null) {
          return accepted; // interrupted: shutting down; the leases run out and nothing is lost
        }
        for (int i = 0; i < attempts.size(); i++) {
          Delivery delivery = entry.getValue().get(i);
          if (attempts.get(i) == null) {
            outbox.release(delivery.id());
            released = true;
          } else if (record(delivery, attempts.get(i))) {
            accepted++;
          }
        }
      }
      // Released deliveries wait for the next run, so a receiver that is down gets one attempt
      // per run rather than one per delivery.
      if (released || claimed.size() < batch) {
        return accepted;
      }
    }
    return accepted;
  }

  /**
   * Sends one subscriber's deliveries one after the other, in the order claimed (oldest due first),
   * so a healthy receiver gets them in order. After the first attempt that is not accepted the rest
   * are not sent (null): they are released for the next run, where the failed one is backing off
   * and no longer ahead of them.
   */
  private CompletableFuture<List<Attempt>> inTurn(List<Delivery> deliveries, long sendBefore) {
    CompletableFuture<List<Attempt>> chain = CompletableFuture.completedFuture(new ArrayList<>());
    for (Delivery delivery : deliveries) {
      chain =
          chain.thenCompose(
              done -> {
                if ((!done.isEmpty() && !(done.get(done.size() - 1) instanceof Attempt.Accepted))
                    || System.nanoTime() - sendBefore > 0) {
                  done.add(null);
                  return CompletableFuture.completedFuture(done);
                }
                return sendSafely(delivery)
                    .exceptionally(e -> Attempt.failed(describe(e)))
                    .thenApply(
                        attempt -> {
                          done.add(attempt);
                          return done;
                        });
              });
    }
    return chain;
  }

  private CompletableFuture<Attempt> sendSafely(Delivery delivery) {
    try {
      return consumer.send(delivery);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(Attempt.failed(describe(e)));
    }
  }

  /**
   * The attempts of one subscriber's chain (null entries: not sent), or null when this thread was
   * interrupted while waiting. A chain still running when the lease ends is cut short: its first
   * delivery counts as a failed attempt and the rest are released, so a receiver may see some of
   * them twice (at least once, never lost).
   */
  private List<Attempt> await(CompletableFuture<List<Attempt>> chain, int size) {
    try {
      return chain.get(lease.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (TimeoutException e) {
      chain.cancel(true);
      List<Attempt> attempts = new ArrayList<>();
      attempts.add(Attempt.failed("no answer within the lease of " + lease));
      while (attempts.size() < size) {
        attempts.add(null);
      }
      return attempts;
    } catch (ExecutionException e) {
      List<Attempt> attempts = new ArrayList<>();
      attempts.add(Attempt.failed(describe(e.getCause())));
      while (attempts.size() < size) {
        attempts.add(null);
      }
      return attempts;
    }
  }

  /** Writes the outcome; true when accepted. */
  private boolean record(Delivery delivery, Attempt attempt) {
    Instant now = clock.instant();
    int attempts = delivery.attempts() + 1;
    String what =
        delivery.id()
            + " ("
            + delivery.message().topic()
            + " "
            + delivery.message().id()
            + " to "
            + delivery.subscriptionId()
            + ")";
    if (attempt instanceof Attempt.Accepted) {
      outbox.markDelivered(delivery.id(), now);
      LOG.info("{}: {} delivered on attempt {}", name(), what, attempts);
      return true;
    }
    if (attempt instanceof Attempt.Rejected rejected) {
      outbox.markDead(delivery.id(), now, rejected.error());
      LOG.warn("{}: {} rejected, now a dead letter: {}", name(), what, rejected.error());
      return false;
    }
    String error = ((Attempt.Failed) attempt).error();
    Optional<Instant> next = retry.next(attempts, now, random);
    if (next.isEmpty()) {
      outbox.markDead(delivery.id(), now, error);
      LOG.warn(
          "{}: {} failed {} times, now a dead letter (replay it when fixed): {}",
          name(),
          what,
          attempts,
          error);
    } else {
      outbox.markFailed(delivery.id(), now, error, next.get());
      LOG.warn(
          "{}: {} attempt {} failed: {}; next at {}", name(), what, attempts, error, next.get());
    }
    return false;
  }

  private static String describe(Throwable e) {
    if (e == null) {
      return "unknown failure";
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
