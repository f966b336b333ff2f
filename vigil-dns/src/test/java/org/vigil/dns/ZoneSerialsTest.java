package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vigil.core.testing.MutableClock;

class ZoneSerialsTest {

  @Test
  void next_clockStandsStillOrGoesBack_stillIncreases() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    ZoneSerials serials = new ZoneSerials(clock);
    long first = serials.next();
    long second = serials.next();
    clock.advance(Duration.ofHours(-5));
    long third = serials.next();
    assertThat(first).isEqualTo(Instant.parse("2026-11-23T10:00:00Z").getEpochSecond());
    assertThat(second).isEqualTo(first + 1);
    assertThat(third).isEqualTo(second + 1);
  }

  @Test
  void next_clockMovesOn_followsEpochSeconds() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    ZoneSerials serials = new ZoneSerials(clock);
    serials.next();
    clock.advance(Duration.ofDays(1));
    assertThat(serials.next()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z").getEpochSecond());
  }
}
