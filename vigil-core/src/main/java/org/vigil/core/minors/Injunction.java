package org.vigil.core.minors;

import java.time.LocalDate;

/**
 * A period during which a court order stops a law from being enforced. Vigil never denies or
 * requires anything under an enjoined law, but it shows the law in the decision, so a platform sees
 * what may apply once the injunction is lifted.
 *
 * @param from the first day of the injunction, or null when it has run since the law's start
 * @param until the first day the law could be enforced again (injunction stayed, vacated or
 *     reversed), or null while it lasts
 * @param by the case and court, e.g. {@code NetChoice v. Carr (N.D. Ga.)}
 */
public record Injunction(LocalDate from, LocalDate until, String by) {

  public Injunction {
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("an injunction names its case ('by')");
    }
    if (from != null && until != null && !until.isAfter(from)) {
      throw new IllegalArgumentException("injunction 'until' must be after 'from'");
    }
  }

  /** Whether the injunction stands on {@code epochDay}. */
  public boolean covers(long epochDay) {
    return (from == null || epochDay >= from.toEpochDay())
        && (until == null || epochDay < until.toEpochDay());
  }
}
