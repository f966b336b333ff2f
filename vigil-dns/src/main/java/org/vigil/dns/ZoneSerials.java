package org.vigil.dns;

import java.time.Clock;

/**
 * Hands out zone serials that only ever increase: the clock's epoch second, or one more than the
 * last serial when the clock has not moved on (or went back). Epoch seconds keep serials increasing
 * across restarts of {@code vigil dns serve} and fit the 32-bit serial until 2106.
 */
public final class ZoneSerials {
  private final Clock clock;
  private long last;

  public ZoneSerials(Clock clock) {
    this.clock = clock;
  }

  /** The next serial, strictly greater than every earlier one from this instance. */
  public synchronized long next() {
    long now = clock.instant().getEpochSecond() & 0xFFFFFFFFL;
    last = Math.max(now, last + 1) & 0xFFFFFFFFL;
    return last;
  }
}
