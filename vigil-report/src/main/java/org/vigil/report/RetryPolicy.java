package org.vigil.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed delivery again, and when to give up. The wait doubles per failed attempt
 * from {@code first} up to {@code max}, and is then drawn uniformly from its upper half ("equal
 * jitter"), so receivers that come back after an outage are not hit by every retry at once. After
 * {@code maxAttempts} failed attempts the delivery goes to the dead letters.
 *
 * @param first wait after the first failure (before jitter)
 * @param max longest wait (before jitter)
 * @param maxAttempts attempts before a delivery is dead, at least 1
 */
public record RetryPolicy(Duration first, Duration max, int maxAttempts) {

  /**
   * 5 s doubling to one hour, 12 attempts: about 4 h 15 min from the first failure to the dead
   * letters (less with jitter), long enough to ride out a receiver's deploy or a night's outage.
   */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(Duration.ofSeconds(5), Duration.ofHours(1), 12);

  public RetryPolicy {
    if (first == null || max == null || first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("first wait must be positive");
    }
    if (max.compareTo(first) < 0) {
      throw new IllegalArgumentException("max wait must be at least the first wait");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** The wait after {@code failedAttempts} failures (1 or more), before jitter. */
  public Duration backoff(int failedAttempts) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts must be at least 1");
    }
    Duration wait = first;
    for (int i = 1; i < failedAttempts && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) < 0 ? wait : max;
  }

  /**
   * When to try again after the {@code failedAttempts}-th failure at {@code now}; empty when the
   * delivery should go to the dead letters.
   *
   * @param random uniform in [0, 1)
   */
  public Optional<Instant> next(int failedAttempts, Instant now, DoubleSupplier random) {
    if (failedAttempts >= maxAttempts) {
      return Optional.empty();
    }
    long wait = backoff(failedAttempts).toMillis();
    long jittered = wait / 2 + (long) (random.getAsDouble() * (wait - wait / 2));
    return Optional.of(now.plusMillis(Math.max(1, jittered)));
  }
}
