package org.vigil.core.review;

import java.time.LocalDate;

/** Storage port for moderators' daily exposure to media. */
public interface ExposureStore {

  /** Adds to the person's counters for the day (creating them). */
  void add(String moderator, LocalDate day, int reveals, int seconds);

  /** The person's counters for the day; zeros when none. */
  ExposureMeter.Exposure get(String moderator, LocalDate day);
}
