package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.intake.AgeSignal;
import org.vigil.core.intake.AssuranceLevel;
import org.vigil.core.intake.SignalSource;

class AgeCombinerTest {

  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

  @Test
  void atLeast_dayBeforeAndOfBirthday_turnsOnTheDay() {
    AgeAssessment age =
        AgeCombiner.combine(
            List.of(AgeSignal.selfDeclared(LocalDate.of(2010, 11, 23))), TODAY, UTC, 2);

    assertThat(age.atLeast(16, LocalDate.of(2026, 11, 22))).isEqualTo(AgeAnswer.NO);
    assertThat(age.atLeast(16, LocalDate.of(2026, 11, 23))).isEqualTo(AgeAnswer.YES);
    assertThat(age.minimumAge(LocalDate.of(2026, 11, 22))).isEqualTo(15);
    assertThat(age.maximumAge(LocalDate.of(2026, 11, 23))).isEqualTo(16);
  }

  @Test
  void atLeast_leapDayBirthInCommonYear_turnsOnFirstOfMarch() {
    AgeAssessment age =
        AgeCombiner.combine(
            List.of(AgeSignal.selfDeclared(LocalDate.of(2008, 2, 29))), TODAY, UTC, 0);

    assertThat(age.atLeast(17, LocalDate.of(2025, 2, 28))).isEqualTo(AgeAnswer.NO);
    assertThat(age.atLeast(17, LocalDate.of(2025, 3, 1))).isEqualTo(AgeAnswer.YES);
    assertThat(age.atLeast(16, LocalDate.of(2024, 2, 28))).isEqualTo(AgeAnswer.NO);
    assertThat(age.atLeast(16, LocalDate.of(2024, 2, 29))).isEqualTo(AgeAnswer.YES);
    assertThat(age.minimumAge(LocalDate.of(2025, 2, 28))).isEqualTo(16);
  }

  @Test
  void combine_estimateNearThreshold_marginMakesItUncertain() {
    AgeSignal estimate =
        new AgeSignal(SignalSource.ESTIMATE, "facial", null, 17, 18, 0.95, null, null);

    AgeAssessment withMargin = AgeCombiner.combine(List.of(estimate), TODAY, UTC, 2);
    AgeAssessment withoutMargin = AgeCombiner.combine(List.of(estimate), TODAY, UTC, 0);

    assertThat(withMargin.atLeast(16, TODAY)).isEqualTo(AgeAnswer.UNCERTAIN);
    assertThat(withoutMargin.atLeast(16, TODAY)).isEqualTo(AgeAnswer.YES);
    assertThat(withMargin.minimumAge(TODAY)).isEqualTo(15);
    assertThat(withMargin.maximumAge(TODAY)).isEqualTo(20);
    assertThat(withMargin.level()).isEqualTo(AssuranceLevel.STANDARD);
    assertThat(withMargin.confidence()).isEqualTo(0.95);
  }

  @Test
  void combine_rangeObservedTwoYearsAgo_personHasAgedSince() {
    AgeSignal band =
        new AgeSignal(
            SignalSource.OS_AGE_RANGE,
            "google_play_age_signals",
            null,
            13,
            15,
            null,
            null,
            Instant.parse("2024-11-23T12:00:00Z"));

    AgeAssessment age = AgeCombiner.combine(List.of(band), TODAY, UTC, 2);

    assertThat(age.minimumAge(TODAY)).isEqualTo(15);
    assertThat(age.maximumAge(TODAY)).isEqualTo(17);
  }

  @Test
  void combine_strongerLevelContradictsWeaker_strongerWins() {
    AgeAssessment age =
        AgeCombiner.combine(
            List.of(
                AgeSignal.selfDeclared(LocalDate.of(1990, 1, 1)),
                new AgeSignal(
                    SignalSource.VERIFIED,
                    "document",
                    LocalDate.of(2012, 5, 5),
                    null,
                    null,
                    null,
                    null,
                    null)),
            TODAY,
            UTC,
            2);

    assertThat(age.level()).isEqualTo(AssuranceLevel.ENHANCED);
    assertThat(age.minimumAge(TODAY)).isEqualTo(14);
    assertThat(age.conflicting()).isFalse();
  }

  @Test
  void combine_sameLevelContradiction_takesHullAndFlagsConflict() {
    AgeAssessment age =
        AgeCombiner.combine(
            List.of(
                AgeSignal.selfDeclared(LocalDate.of(1990, 1, 1)),
                AgeSignal.selfDeclared(LocalDate.of(2012, 1, 1))),
            TODAY,
            UTC,
            2);

    assertThat(age.conflicting()).isTrue();
    assertThat(age.atLeast(18, TODAY)).isEqualTo(AgeAnswer.UNCERTAIN);
  }

  @Test
  void combine_sameLevelAgreement_intersectionNarrows() {
    AgeAssessment age =
        AgeCombiner.combine(
            List.of(
                new AgeSignal(SignalSource.ESTIMATE, "facial", null, 14, 20, null, null, null),
                new AgeSignal(SignalSource.ESTIMATE, "voice", null, 18, 30, null, null, null)),
            TODAY,
            UTC,
            0);

    assertThat(age.minimumAge(TODAY)).isEqualTo(18);
    assertThat(age.maximumAge(TODAY)).isEqualTo(20);
  }

  @Test
  void atLeast_weakerYouthClaimInsideStrongRange_believedOnlyWhenYounger() {
    AgeSignal estimate =
        new AgeSignal(SignalSource.ESTIMATE, "facial", null, 14, 16, 0.9, null, null);

    AgeAssessment saysFifteen =
        AgeCombiner.combine(
            List.of(estimate, AgeSignal.selfDeclared(LocalDate.of(2011, 3, 2))), TODAY, UTC, 2);
    AgeAssessment saysSeventeen =
        AgeCombiner.combine(
            List.of(estimate, AgeSignal.selfDeclared(LocalDate.of(2009, 3, 2))), TODAY, UTC, 2);
    AgeAssessment saysThirty =
        AgeCombiner.combine(
            List.of(estimate, AgeSignal.selfDeclared(LocalDate.of(1996, 3, 2))), TODAY, UTC, 2);

    assertThat(saysFifteen.atLeast(16, TODAY)).isEqualTo(AgeAnswer.NO);
    assertThat(saysSeventeen.atLeast(16, TODAY)).isEqualTo(AgeAnswer.UNCERTAIN);
    assertThat(saysThirty.atLeast(16, TODAY)).isEqualTo(AgeAnswer.UNCERTAIN);
    assertThat(saysFifteen.level()).isEqualTo(AssuranceLevel.STANDARD);
  }

  @Test
  void combine_noSignals_unknown() {
    AgeAssessment age = AgeCombiner.combine(List.of(), TODAY, UTC, 2);

    assertThat(age).isEqualTo(AgeAssessment.UNKNOWN);
    assertThat(age.atLeast(1, TODAY)).isEqualTo(AgeAnswer.UNCERTAIN);
    assertThat(age.maximumAge(TODAY)).isEqualTo(-1);
  }

  @Test
  void ageSignal_selfDeclaredClaimingStrict_rejected() {
    assertThatThrownBy(
            () ->
                new AgeSignal(
                    SignalSource.SELF_DECLARED,
                    null,
                    LocalDate.of(2000, 1, 1),
                    null,
                    null,
                    null,
                    AssuranceLevel.STRICT,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not possible for source 'self_declared'");
  }

  @Test
  void ageSignal_estimateWithoutMaximum_rejected() {
    assertThatThrownBy(
            () -> new AgeSignal(SignalSource.ESTIMATE, "facial", null, 16, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minAge and maxAge");
  }
}
