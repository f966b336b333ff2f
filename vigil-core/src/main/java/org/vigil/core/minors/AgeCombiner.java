package org.vigil.core.minors;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.vigil.core.intake.AgeSignal;
import org.vigil.core.intake.AssuranceLevel;
import org.vigil.core.intake.SignalSource;

/**
 * Derives one {@link AgeAssessment} from a person's age signals.
 *
 * <p>Evidence is ranked by assurance level and only the strongest level counts: a verified document
 * outranks a self-declared birth date, whatever either says. Signals of that level are intersected
 * (each narrows the interval); if they contradict one another the hull is taken instead, so a
 * contradiction makes the age less certain, never more. Age estimates are widened by the safety
 * margin on both sides, because facial estimation errs by a year or two near the thresholds that
 * matter (13, 16, 18).
 *
 * <p>Runs once per party per decision: a single pass over a short list, no allocation beyond the
 * result (dates are reduced to epoch days as they are read).
 */
public final class AgeCombiner {

  private AgeCombiner() {}

  /**
   * Combines {@code signals}.
   *
   * @param signals the person's signals, in any order (may be empty)
   * @param today the local date of the decision, used for ranges without an observation time
   * @param zone the zone in which observation instants are turned into dates
   * @param marginYears years added on each side of an estimate's range (0 or more)
   */
  public static AgeAssessment combine(
      List<AgeSignal> signals, LocalDate today, ZoneId zone, int marginYears) {
    if (marginYears < 0) {
      throw new IllegalArgumentException("marginYears must be 0 or more");
    }
    int count = signals.size();
    if (count == 0) {
      return AgeAssessment.UNKNOWN;
    }
    AssuranceLevel best = AssuranceLevel.NONE;
    for (int i = 0; i < count; i++) {
      AssuranceLevel level = signals.get(i).level();
      if (level.compareTo(best) > 0) {
        best = level;
      }
    }
    long interEarliest = Long.MIN_VALUE;
    long interLatest = Long.MAX_VALUE;
    long hullEarliest = Long.MAX_VALUE;
    long hullLatest = Long.MIN_VALUE;
    double confidence = 0.0;
    for (int i = 0; i < count; i++) {
      AgeSignal signal = signals.get(i);
      if (signal.level() != best) {
        continue;
      }
      long earliest = earliest(signal, today, zone, marginYears);
      long latest = latest(signal, today, zone, marginYears);
      interEarliest = Math.max(interEarliest, earliest);
      interLatest = Math.min(interLatest, latest);
      hullEarliest = Math.min(hullEarliest, earliest);
      hullLatest = Math.max(hullLatest, latest);
      confidence = Math.max(confidence, signal.effectiveConfidence());
    }
    boolean conflicting = interEarliest > interLatest;
    long earliest = conflicting ? hullEarliest : interEarliest;
    long latest = conflicting ? hullLatest : interLatest;
    // Weaker signals, strongest first, narrow a copy of the interval where they agree with it.
    long narrowEarliest = earliest;
    long narrowLatest = latest;
    for (int level = best.ordinal() - 1; level > AssuranceLevel.NONE.ordinal(); level--) {
      for (int i = 0; i < count; i++) {
        AgeSignal signal = signals.get(i);
        if (signal.level().ordinal() != level) {
          continue;
        }
        long signalEarliest = earliest(signal, today, zone, marginYears);
        long signalLatest = latest(signal, today, zone, marginYears);
        if (signalEarliest <= narrowLatest && signalLatest >= narrowEarliest) {
          narrowEarliest = Math.max(narrowEarliest, signalEarliest);
          narrowLatest = Math.min(narrowLatest, signalLatest);
        }
      }
    }
    return new AgeAssessment(earliest, latest, best, confidence, conflicting, narrowEarliest);
  }

  private static long earliest(AgeSignal signal, LocalDate today, ZoneId zone, int marginYears) {
    if (signal.birthDate() != null) {
      return signal.birthDate().toEpochDay();
    }
    if (signal.maxAge() == null) {
      return Long.MIN_VALUE;
    }
    int margin = signal.source() == SignalSource.ESTIMATE ? marginYears : 0;
    return observed(signal, today, zone).minusYears(signal.maxAge() + margin + 1L).toEpochDay() + 1;
  }

  private static long latest(AgeSignal signal, LocalDate today, ZoneId zone, int marginYears) {
    if (signal.birthDate() != null) {
      return signal.birthDate().toEpochDay();
    }
    int margin = signal.source() == SignalSource.ESTIMATE ? marginYears : 0;
    return observed(signal, today, zone)
        .minusYears(Math.max(0, signal.minAge() - margin))
        .toEpochDay();
  }

  private static LocalDate observed(AgeSignal signal, LocalDate today, ZoneId zone) {
    return signal.observedAt() == null ? today : LocalDate.ofInstant(signal.observedAt(), zone);
  }
}
