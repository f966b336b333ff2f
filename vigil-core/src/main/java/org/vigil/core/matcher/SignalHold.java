package org.vigil.core.matcher;

import java.time.Instant;

/**
 * A bank signal the flood guard holds: its matches go to review instead of being acted on, until an
 * administrator releases it.
 *
 * @param matches matches in the hour that tripped the guard
 * @param baselinePerHour the signal's average matches per hour before (over the baseline window)
 * @param limit the count that was exceeded
 * @param tenant the tenant whose scan tripped it (its subscribers get {@code signal.quarantined})
 */
public record SignalHold(
    String bank,
    long signalId,
    Instant heldAt,
    long matches,
    double baselinePerHour,
    long limit,
    String tenant) {

  /** The hold in words, as decisions and the webhook show it. */
  public String reason() {
    return "matched "
        + matches
        + " items within an hour, over the flood limit of "
        + limit
        + " (baseline "
        + String.format(java.util.Locale.ROOT, "%.1f", baselinePerHour)
        + " per hour); held since "
        + heldAt;
  }
}
