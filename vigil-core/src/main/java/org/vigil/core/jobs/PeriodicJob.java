package org.vigil.core.jobs;

import java.time.Duration;

/**
 * Work a long-running process repeats on a fixed delay: syncing banks other nodes changed, sweeping
 * court orders, delivering queued messages. The one scheduler in vigil-app runs every job, isolates
 * their failures (a job that throws runs again at its next turn) and measures each by {@link
 * #name}. A job never overlaps itself: the next run starts {@link #every} after the previous ended.
 */
public interface PeriodicJob {

  /** A short stable name, used in logs and as the metric tag (e.g. {@code bank-sync}). */
  String name();

  /** The delay between the end of one run and the start of the next. */
  Duration every();

  /** One pass; may throw, which is logged and counted, and the schedule continues. */
  void run();

  /** A job from its parts. */
  static PeriodicJob of(String name, Duration every, Runnable body) {
    if (name == null || name.isBlank() || every == null || every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("a job needs a name and a positive interval");
    }
    return new PeriodicJob() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Duration every() {
        return every;
      }

      @Override
      public void run() {
        body.run();
      }

      @Override
      public String toString() {
        return "job " + name + " every " + every;
      }
    };
  }
}
