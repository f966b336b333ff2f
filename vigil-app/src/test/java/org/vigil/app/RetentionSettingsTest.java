package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionSettingsTest {

  @Test
  void fromEnvironment_unset_thirtyDaysAndOneYear() {
    RetentionSettings settings = RetentionSettings.fromEnvironment(Map.of());
    assertThat(settings.noMatch()).isEqualTo(Duration.ofDays(30));
    assertThat(settings.courtOrderReporting()).isEqualTo(Duration.ofDays(365));
    assertThat(settings.pruneNoMatchAudit()).isTrue();
  }

  @Test
  void fromEnvironment_noMatchAudit_pruneOrKeepElseNamesTheSetting() {
    assertThat(
            RetentionSettings.fromEnvironment(Map.of("VIGIL_RETENTION_NO_MATCH_AUDIT", " keep "))
                .pruneNoMatchAudit())
        .isFalse();
    assertThat(
            RetentionSettings.fromEnvironment(Map.of("VIGIL_RETENTION_NO_MATCH_AUDIT", "prune"))
                .pruneNoMatchAudit())
        .isTrue();
    assertThatThrownBy(
            () -> RetentionSettings.fromEnvironment(Map.of("VIGIL_RETENTION_NO_MATCH_AUDIT", "no")))
        .hasMessage("VIGIL_RETENTION_NO_MATCH_AUDIT must be prune or keep, got 'no'");
  }

  @Test
  void fromEnvironment_set_parsedAsIsoDurations() {
    RetentionSettings settings =
        RetentionSettings.fromEnvironment(
            Map.of(
                "VIGIL_RETENTION_NO_MATCH", "P7D",
                "VIGIL_RETENTION_COURT_ORDER_REPORTING", " P730D "));
    assertThat(settings.noMatch()).isEqualTo(Duration.ofDays(7));
    assertThat(settings.courtOrderReporting()).isEqualTo(Duration.ofDays(730));
  }

  @Test
  void fromEnvironment_badOrNonPositive_namesTheSetting() {
    assertThatThrownBy(
            () ->
                RetentionSettings.fromEnvironment(
                    Map.of("VIGIL_RETENTION_COURT_ORDER_REPORTING", "1 year")))
        .hasMessage(
            "VIGIL_RETENTION_COURT_ORDER_REPORTING must be an ISO-8601 duration such as P30D,"
                + " got '1 year'");
    assertThatThrownBy(
            () -> RetentionSettings.fromEnvironment(Map.of("VIGIL_RETENTION_NO_MATCH", "PT0S")))
        .hasMessageStartingWith("VIGIL_RETENTION_NO_MATCH must be a positive");
  }
}
