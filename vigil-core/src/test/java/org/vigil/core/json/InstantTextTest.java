package org.vigil.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link InstantText} gives {@link Instant#toString()}'s text for any instant. */
class InstantTextTest {

  @Test
  void of_anyInstant_sameAsToString() {
    qt().withExamples(5000)
        .forAll(
            longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
            integers().between(0, 999_999_999))
        .checkAssert(
            (seconds, nano) -> {
              Instant at = Instant.ofEpochSecond(seconds, nano);
              assertThat(InstantText.of(at)).isEqualTo(at.toString());
            });
  }

  @Test
  void of_recentTimesAtEachPrecision_sameAsToString() {
    qt().withExamples(5000)
        .forAll(
            longs().between(0, 253_402_300_799L),
            integers().between(0, 999_999_999),
            integers().between(0, 3))
        .checkAssert(
            (seconds, nano, precision) -> {
              int n =
                  switch (precision) {
                    case 0 -> 0;
                    case 1 -> nano / 1_000_000 * 1_000_000;
                    case 2 -> nano / 1_000 * 1_000;
                    default -> nano;
                  };
              Instant at = Instant.ofEpochSecond(seconds, n);
              assertThat(InstantText.of(at)).isEqualTo(at.toString());
            });
  }

  @Test
  void of_edges_sameAsToString() {
    for (Instant at :
        new Instant[] {
          Instant.EPOCH,
          Instant.ofEpochSecond(253_402_300_799L, 999_999_999),
          Instant.ofEpochSecond(253_402_300_800L),
          Instant.ofEpochSecond(-1, 1),
          Instant.parse("2026-12-05T15:10:52.120Z"),
          Instant.parse("2026-12-05T15:10:52.000100Z")
        }) {
      assertThat(InstantText.of(at)).isEqualTo(at.toString());
    }
  }
}
