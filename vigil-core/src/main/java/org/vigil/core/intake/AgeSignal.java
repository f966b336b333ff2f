package org.vigil.core.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One piece of evidence about a person's age, as the platform or an age-assurance provider reported
 * it. Either a birth date, or an age range {@code [minAge, maxAge]} (inclusive, maxAge open when
 * null) that held at {@code observedAt}: a range observed a year ago has moved up a year since.
 *
 * @param source where the signal comes from
 * @param method how it was obtained, free text such as {@code facial}, {@code document}, {@code
 *     bank}, {@code mobile_operator}, {@code apple_declared_age_range} (recorded, not interpreted)
 * @param birthDate the stated or verified birth date, or null for a range signal
 * @param minAge lower bound of the age range in whole years, or null for a birth-date signal
 * @param maxAge upper bound (inclusive), null when open-ended ("18+") or for a birth-date signal
 * @param confidence the provider's confidence in [0, 1], or null when not stated
 * @param level the assurance level; never above {@link SignalSource#maximumLevel()}
 * @param observedAt when the range held; null means "at the moment of the decision"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgeSignal(
    SignalSource source,
    String method,
    LocalDate birthDate,
    Integer minAge,
    Integer maxAge,
    Double confidence,
    AssuranceLevel level,
    Instant observedAt) {

  /** Ages above this are treated as input errors rather than evidence. */
  public static final int MAX_AGE = 150;

  public AgeSignal {
    if (source == null) {
      throw new IllegalArgumentException("source is required");
    }
    if (level == null) {
      level = source.defaultLevel();
    }
    if (level == AssuranceLevel.NONE || !source.maximumLevel().atLeast(level)) {
      throw new IllegalArgumentException(
          "level '"
              + level.wireName()
              + "' is not possible for source '"
              + source.wireName()
              + "' (at most '"
              + source.maximumLevel().wireName()
              + "')");
    }
    if (birthDate == null && minAge == null) {
      throw new IllegalArgumentException("either birthDate or minAge is required");
    }
    if (birthDate != null && (minAge != null || maxAge != null)) {
      throw new IllegalArgumentException("give either birthDate or an age range, not both");
    }
    if (source == SignalSource.ESTIMATE && (minAge == null || maxAge == null)) {
      throw new IllegalArgumentException("an estimate needs both minAge and maxAge");
    }
    if (minAge != null && (minAge < 0 || minAge > MAX_AGE)) {
      throw new IllegalArgumentException("minAge must be between 0 and " + MAX_AGE);
    }
    if (maxAge != null && (maxAge < minAge || maxAge > MAX_AGE)) {
      throw new IllegalArgumentException("maxAge must be between minAge and " + MAX_AGE);
    }
    if (confidence != null && !(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be between 0 and 1");
    }
  }

  /** A self-declared birth date, the commonest signal. */
  public static AgeSignal selfDeclared(LocalDate birthDate) {
    return new AgeSignal(SignalSource.SELF_DECLARED, null, birthDate, null, null, null, null, null);
  }

  /** The confidence to report: the stated one, or the source's nominal one. */
  public double effectiveConfidence() {
    return confidence != null ? confidence : source.defaultConfidence();
  }
}
