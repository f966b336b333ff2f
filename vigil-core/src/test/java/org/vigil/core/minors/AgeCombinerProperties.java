package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * With honest evidence at its strongest level (and, at most, a weaker claim of being older), the
 * combiner never rules out the truth: the birth date lies inside the interval, and every definite
 * answer to "at least N?" is the true one. Checked against the plain anniversary computation.
 */
class AgeCombinerProperties {

  @Property(tries = 3000)
  void combine_honestSignals_intervalHoldsTruthAndDefiniteAnswersAreTrue(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 80) int trueAge,
      @ForAll @IntRange(min = 0, max = 364) int daysPastBirthday,
      @ForAll @IntRange(min = 1, max = 25) int threshold,
      @ForAll @IntRange(min = 0, max = 5) int margin,
      @ForAll("moments") Instant at) {
    Random random = new Random(seed);
    ZoneId zone = ZoneId.of("Europe/Paris");
    LocalDate today = LocalDate.ofInstant(at, zone);
    LocalDate birth = today.minusYears(trueAge).minusDays(daysPastBirthday);
    List<AgeSignal> signals = MinorContactProperties.honestSignals(random, birth, at, zone);

    AgeAssessment age = AgeCombiner.combine(signals, today, zone, margin);

    long day = birth.toEpochDay();
    assertThat(day).isBetween(age.earliestBirthDay(), age.latestBirthDay());
    boolean trulyAtLeast = !today.minusYears(threshold).isBefore(birth);
    AgeAnswer answer = age.atLeast(threshold, today);
    if (answer == AgeAnswer.YES) {
      assertThat(trulyAtLeast).isTrue();
    } else if (answer == AgeAnswer.NO) {
      assertThat(trulyAtLeast).isFalse();
    }
  }

  @Provide
  Arbitrary<Instant> moments() {
    return Arbitraries.longs()
        .between(
            Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(),
            Instant.parse("2035-12-31T23:59:59Z").getEpochSecond())
        .map(Instant::ofEpochSecond);
  }
}
