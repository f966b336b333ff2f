package org.vigil.hash.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The matcher against the reference match tables: rule A (C++ match-hashes-brute: duplicates kept,
 * distance {@code < 31}) and rule B (python-threatexchange: duplicates dropped, {@code <= 31}).
 */
class VpdqMatcherTest {

  private static final VpdqMatchOptions RULE_A = VpdqMatchOptions.CPP_BRUTE;
  private static final VpdqMatchOptions RULE_B = VpdqMatchOptions.DEFAULT;

  @ParameterizedTest
  @ValueSource(strings = {"expected/matches-vpdq-r1.csv", "expected/matches-vpdq-r0.csv"})
  void compare_everyPairOfReferenceHashFiles_equalsBothReferenceTables(String table) {
    String rate = table.contains("r1") ? "r1" : "r0";
    int rows = 0;
    for (String[] row : VideoVectors.csv(table)) {
      VpdqHash query =
          VpdqHash.parse(VideoVectors.text("expected/vpdq/" + row[0] + "." + rate + ".txt"));
      VpdqHash target =
          VpdqHash.parse(VideoVectors.text("expected/vpdq/" + row[1] + "." + rate + ".txt"));
      String pair = row[0] + " vs " + row[1];

      VpdqComparison a = VpdqMatcher.compare(query, target, RULE_A);
      assertThat(pct(a.queryPercent())).as("rule A query %s", pair).isEqualTo(row[2]);
      assertThat(pct(a.targetPercent())).as("rule A target %s", pair).isEqualTo(row[3]);
      assertThat(a.queryFrames()).as(pair).isEqualTo(Integer.parseInt(row[4]));
      assertThat(a.targetFrames()).as(pair).isEqualTo(Integer.parseInt(row[5]));

      VpdqComparison b = VpdqMatcher.compare(query, target, RULE_B);
      assertThat(pct(b.queryPercent())).as("rule B query %s", pair).isEqualTo(row[6]);
      assertThat(pct(b.targetPercent())).as("rule B target %s", pair).isEqualTo(row[7]);
      assertThat(b.queryFrames()).as(pair).isEqualTo(Integer.parseInt(row[8]));
      assertThat(b.targetFrames()).as(pair).isEqualTo(Integer.parseInt(row[9]));
      assertThat(b.isMatch(RULE_B.withThresholds(80, 0)) ? "yes" : "no")
          .as(pair)
          .isEqualTo(row[10]);
      assertThat(b.isMatch(RULE_B.withThresholds(0, 80)) ? "yes" : "no")
          .as(pair)
          .isEqualTo(row[11]);
      rows++;
    }
    assertThat(rows).isEqualTo(144);
  }

  static Stream<Arguments> cases() {
    return VideoVectors.csv("expected/matcher-cases/cases.csv").stream()
        .map(row -> Arguments.of((Object) row));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compare_handMadeEdgeCase_equalsBothRules(String[] row) {
    VpdqHash query = VpdqHash.parse(VideoVectors.text("expected/matcher-cases/" + row[1]));
    VpdqHash target = VpdqHash.parse(VideoVectors.text("expected/matcher-cases/" + row[2]));

    VpdqComparison a = VpdqMatcher.compare(query, target, RULE_A);
    VpdqComparison b = VpdqMatcher.compare(query, target, RULE_B);

    assertThat(pct(a.queryPercent())).isEqualTo(row[3]);
    assertThat(pct(a.targetPercent())).isEqualTo(row[4]);
    if (row[5].equals("undefined")) {
      // Python divides by zero here; Vigil reports 0 % and never a match.
      assertThat(b.queryFrames() == 0 || b.targetFrames() == 0).isTrue();
      assertThat(b.isMatch(RULE_B.withThresholds(0, 0))).isFalse();
    } else {
      assertThat(pct(b.queryPercent())).isEqualTo(row[5]);
      assertThat(pct(b.targetPercent())).isEqualTo(row[6]);
    }
  }

  @Test
  void parse_referenceText_roundTripsByteForByte() {
    for (String video : VideoVectors.VIDEOS) {
      String text = VideoVectors.text("expected/vpdq/" + video + ".r0.txt");
      assertThat(VpdqHash.parse(text).toText()).as(video).isEqualTo(text);
    }
  }

  @Test
  void parse_badLine_namesLineAndProblem() {
    String good = VideoVectors.text("expected/vpdq/clip-a-testsrc2.r1.txt");
    String bad = good + "200,100,nothex,8.000\n";

    assertThatThrownBy(() -> VpdqHash.parse(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("vPDQ line 9:");
    assertThatThrownBy(() -> VpdqHash.parse("0,101," + "0".repeat(64) + ",0.000\n"))
        .hasMessageContaining("quality");
    assertThatThrownBy(() -> VpdqHash.parse("\n\n")).hasMessageContaining("no frame lines");
  }

  @Test
  void timestampText_exactTieAt16Fps_roundsToEvenLikeC() {
    VpdqFrame frame =
        new VpdqFrame(1, 100, org.vigil.hash.PdqHash.fromHex("0".repeat(64)), 1f / 16f);

    assertThat(frame.timestampText()).isEqualTo("0.062");
  }

  @Test
  void frameMod_rates_truncateLikeReference() {
    assertThat(VpdqHasher.frameMod(1, 30000.0 / 1001)).isEqualTo(29);
    assertThat(VpdqHasher.frameMod(1, 25)).isEqualTo(25);
    assertThat(VpdqHasher.frameMod(0, 25)).isEqualTo(1);
    assertThat(VpdqHasher.frameMod(0.01, 25)).isEqualTo(1);
  }

  private static String pct(double percent) {
    return String.format(Locale.ROOT, "%.2f", percent);
  }
}
