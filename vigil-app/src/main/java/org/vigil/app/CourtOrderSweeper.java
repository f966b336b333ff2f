package org.vigil.app;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.courtorders.CourtOrderRegistry;
import org.vigil.core.jobs.PeriodicJob;

/**
 * Keeps the court-order register of this process current: reloads what other processes wrote and
 * runs {@link CourtOrderRegistry#sweep}, so order activations and expiries reach the history, the
 * audit log and DNS listeners. Decisions do not wait for it: an order's status always follows from
 * its dates.
 */
final class CourtOrderSweeper implements PeriodicJob {

  private static final Logger LOG = LoggerFactory.getLogger(CourtOrderSweeper.class);
  static final Duration INTERVAL = Duration.ofSeconds(10);

  private final CourtOrderRegistry registry;

  CourtOrderSweeper(CourtOrderRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String name() {
    return "court-order-sweep";
  }

  @Override
  public Duration every() {
    return INTERVAL;
  }

  @Override
  public void run() {
    registry.reloadIfChanged();
    int transitions = registry.sweep();
    if (transitions > 0) {
      LOG.info("court orders: recorded {} activation/expiry transitions", transitions);
    }
  }
}
