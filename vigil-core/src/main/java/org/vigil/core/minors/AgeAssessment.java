package org.vigil.core.minors;

import java.time.LocalDate;
import org.vigil.core.intake.AssuranceLevel;

/**
 * What the evidence says about a person's age: the interval of possible birth dates, as epoch days
 * (primitive longs: this object is built for every decision and read a few times, so it stays two
 * longs, an enum and a double), with the assurance level of the evidence it rests on.
 *
 * <p>Ages are computed by anniversary: a person born on B is N years old from the day {@code
 * B.plusYears(N)}, and someone born on 29 February reaches an age on 1 March in common years (the
 * later of the two readings, which is the protective one). Equivalently, they are at least N on day
 * D exactly when {@code B <= D.minusYears(N)}, which is what {@link #atLeast} computes.
 *
 * @param earliestBirthDay earliest possible birth date as an epoch day, {@link Long#MIN_VALUE} if
 *     unbounded (the person may be arbitrarily old)
 * @param latestBirthDay latest possible birth date as an epoch day, {@link Long#MAX_VALUE} if
 *     unbounded (the person may be a newborn)
 * @param level the assurance level of the evidence that fixed the interval
 * @param confidence the confidence of that evidence in [0, 1] (0 when there is none)
 * @param conflicting whether signals of that level contradicted one another (the interval is then
 *     their hull: wider, never narrower)
 * @param youngestEarliestBirthDay the earliest birth date once weaker signals that agree with the
 *     strong evidence have narrowed it; only ever used to believe a claim of being younger
 */
public record AgeAssessment(
    long earliestBirthDay,
    long latestBirthDay,
    AssuranceLevel level,
    double confidence,
    boolean conflicting,
    long youngestEarliestBirthDay) {

  /** Nothing is known: any age is possible. */
  public static final AgeAssessment UNKNOWN =
      new AgeAssessment(
          Long.MIN_VALUE, Long.MAX_VALUE, AssuranceLevel.NONE, 0.0, false, Long.MIN_VALUE);

  public AgeAssessment {
    if (earliestBirthDay > latestBirthDay) {
      throw new IllegalArgumentException("earliest birth day is after the latest");
    }
    if (youngestEarliestBirthDay < earliestBirthDay || youngestEarliestBirthDay > latestBirthDay) {
      throw new IllegalArgumentException("the narrowed bound must lie inside the interval");
    }
  }

  /**
   * Whether the person is at least {@code years} old on {@code day}. The strong evidence decides;
   * where it cannot, a weaker signal that places the person below the age is believed (someone who
   * says they are too young is too young), while one placing them above it is not.
   */
  public AgeAnswer atLeast(int years, LocalDate day) {
    long cutoff = day.minusYears(years).toEpochDay();
    if (latestBirthDay <= cutoff) {
      return AgeAnswer.YES;
    }
    if (youngestEarliestBirthDay > cutoff) {
      return AgeAnswer.NO;
    }
    return AgeAnswer.UNCERTAIN;
  }

  /** The youngest age the evidence allows on {@code day} (0 when unbounded). */
  public int minimumAge(LocalDate day) {
    return latestBirthDay == Long.MAX_VALUE ? 0 : ageOn(latestBirthDay, day);
  }

  /** The oldest age the evidence allows on {@code day}, or -1 when unbounded. */
  public int maximumAge(LocalDate day) {
    return earliestBirthDay == Long.MIN_VALUE ? -1 : ageOn(earliestBirthDay, day);
  }

  private static int ageOn(long birthDay, LocalDate day) {
    LocalDate birth = LocalDate.ofEpochDay(birthDay);
    if (birth.isAfter(day)) {
      return 0;
    }
    int years = day.getYear() - birth.getYear();
    // Not yet reached this year's anniversary (dates before B.plusYears(years) per the rule above).
    return day.minusYears(years).isBefore(birth) ? years - 1 : years;
  }
}
