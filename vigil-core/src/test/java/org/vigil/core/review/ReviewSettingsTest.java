package org.vigil.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Period;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Notice-and-action settings: defaults, overrides, and a refusal naming the key for bad ones. */
class ReviewSettingsTest {

  @Test
  void fromEnvironment_nothingSet_defaultsWithoutNciiBank() {
    ReviewSettings settings = ReviewSettings.fromEnvironment(Map.of());
    assertThat(settings.appealWindow()).isEqualTo(Period.ofMonths(6));
    assertThat(settings.claimTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(settings.territorialScope()).hasSize(30);
    assertThat(settings.nciiBank()).isNull();
  }

  @Test
  void fromEnvironment_nciiBank_takenTrimmedAndBlankIsNone() {
    assertThat(
            ReviewSettings.fromEnvironment(Map.of("VIGIL_NCII_BANK", " ncii-removed ")).nciiBank())
        .isEqualTo("ncii-removed");
    assertThat(ReviewSettings.fromEnvironment(Map.of("VIGIL_NCII_BANK", "  ")).nciiBank()).isNull();
  }

  @Test
  void fromEnvironment_badValues_refusedNamingTheKey() {
    for (Map<String, String> bad :
        java.util.List.of(
            Map.of("VIGIL_NCII_BANK", "NCII bank"),
            Map.of("VIGIL_NCII_BANK", "-ncii"),
            Map.of("VIGIL_NCII_BANK", "n".repeat(65)),
            // A tenant's name must fit after it: <VIGIL_NCII_BANK>-<tenant> is a bank name.
            Map.of("VIGIL_NCII_BANK", "n".repeat(33)),
            Map.of("VIGIL_APPEAL_WINDOW", "P3M"),
            Map.of("VIGIL_CLAIM_TTL", "PT5S"),
            Map.of("VIGIL_DSA_TERRITORIAL_SCOPE", "DE,EL"))) {
      String key = bad.keySet().iterator().next();
      assertThatThrownBy(() -> ReviewSettings.fromEnvironment(bad))
          .as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(key);
    }
  }
}
