package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.vigil.core.intake.AgeSignal;

/**
 * With honest evidence at its strongest level (and, at most, a weaker claim of being older), the
 * combiner never rules out the truth: the birth date lies inside the interval, and every definite
 * answer to "at least N?" is the true one. Checked against the plain anniversary computation.
 */
class AgeCombinerProperties {

  /** A person: true age and days past the last birthday. */
  record Person(int trueAge, int daysPastBirthday) {}

  /** A question: the threshold asked, the combiner's margin, the moment. */
  record Question(int threshold, int margin, Instant at) {}

  @Test
  void combine_honestSignals_intervalHoldsTruthAndDefiniteAnswersAreTrue() {
    Gen<Person> people = integers().between(0, 80).zip(integers().between(0, 364), Person::new);
    Gen<Question> questions =
        integers().between(1, 25).zip(integers().between(0, 5), moments(), Question::new);
    qt().withExamples(3000)
        .forAll(longs().all(), people, questions)
        .checkAssert(
            (seed, person, question) ->
                check(
                    seed,
                    person.trueAge(),
                    person.daysPastBirthday(),
                    question.threshold(),
                    question.margin(),
                    question.at()));
  }

  private static void check(
      long seed, int trueAge, int daysPastBirthday, int threshold, int margin, Instant at) {
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

  private static Gen<Instant> moments() {
    return longs()
        .between(
            Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(),
            Instant.parse("2035-12-31T23:59:59Z").getEpochSecond())
        .map((Long seconds) -> Instant.ofEpochSecond(seconds));
  }
}
