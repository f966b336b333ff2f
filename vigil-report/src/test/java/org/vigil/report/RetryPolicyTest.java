package org.vigil.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

class RetryPolicyTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void backoff_failures_doublesUpToTheCap() {
    RetryPolicy policy = RetryPolicy.DEFAULT;

    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(policy.backoff(11)).isEqualTo(Duration.ofHours(1));
    assertThat(policy.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void next_lastAllowedAttemptFailed_isEmptySoTheDeliveryDies() {
    RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(8), 3);

    assertThat(policy.next(1, NOW, () -> 0.0)).contains(NOW.plusMillis(500));
    assertThat(policy.next(2, NOW, () -> 0.0)).contains(NOW.plusSeconds(1));
    assertThat(policy.next(3, NOW, () -> 0.0)).isEmpty();
  }

  @Test
  void next_anyRandomDraw_waitsBetweenHalfAndAllOfTheBackoff() {
    RetryPolicy policy = RetryPolicy.DEFAULT;
    QuickTheory.qt()
        .forAll(
            SourceDSL.integers().between(1, policy.maxAttempts() - 1),
            SourceDSL.doubles().between(0.0, 0.999999))
        .checkAssert(
            (failures, draw) -> {
              long wait = policy.backoff(failures).toMillis();
              Instant next = policy.next(failures, NOW, () -> draw).orElseThrow();
              long waited = Duration.between(NOW, next).toMillis();
              assertThat(waited).isBetween(wait / 2, wait);
            });
  }

  @Test
  void constructor_nonsense_isRefused() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
