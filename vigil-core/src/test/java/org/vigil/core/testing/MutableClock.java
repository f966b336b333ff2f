package org.vigil.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that tests move by hand: to cross a court order's start and end, a webhook retry's
 * backoff or a zone's refresh without waiting. Shared through vigil-core's test-jar.
 */
public final class MutableClock extends Clock {

  private volatile Instant now;

  public MutableClock(Instant start) {
    this.now = start;
  }

  public void set(Instant instant) {
    now = instant;
  }

  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** Always UTC: the code under test must not depend on the zone. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
