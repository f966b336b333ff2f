package org.vigil.server;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.courtorders.CourtOrderRegistry;

/**
 * Runs {@link CourtOrderRegistry#sweep} once at start and then every minute, so order activations
 * and expiries reach the history, the audit log and DNS listeners. Decisions do not wait for it: an
 * order's status always follows from its dates.
 */
final class CourtOrderSweeper implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CourtOrderSweeper.class);
  static final long INTERVAL_SECONDS = 10;

  private final ScheduledExecutorService executor;

  private CourtOrderSweeper(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  static CourtOrderSweeper start(CourtOrderRegistry registry) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "vigil-court-order-sweep");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            registry.reloadIfChanged();
            int transitions = registry.sweep();
            if (transitions > 0) {
              LOG.info("court orders: recorded {} activation/expiry transitions", transitions);
            }
          } catch (RuntimeException e) {
            // Keep the schedule alive: a database hiccup must not end future sweeps.
            LOG.error("court-order sweep failed; retrying in {} s", INTERVAL_SECONDS, e);
          }
        },
        0,
        INTERVAL_SECONDS,
        TimeUnit.SECONDS);
    return new CourtOrderSweeper(executor);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
