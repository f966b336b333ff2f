package org.vigil.report.exchanges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.CredentialsRef;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeException;
import org.vigil.core.matcher.RemoteLookup;
import org.vigil.hash.PdqHash;

/** Arachnid Shield as a remote lookup, against a stand-in of its documented PDQ endpoint. */
@Timeout(60)
class ArachnidShieldAdapterTest {

  private static final Instant NOW = Instant.parse("2026-12-05T04:00:00Z");
  private static final String KNOWN =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  private static final String TEST_ENTRY =
      "0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff";

  private final ArachnidShieldTestServer server =
      new ArachnidShieldTestServer("platform-7", "shield-password");

  @AfterEach
  void stop() {
    server.close();
  }

  private ExchangeAdapter adapter(String password) {
    ExchangeConfig config =
        new ExchangeConfig(
            "shield",
            "default",
            ArachnidShieldAdapterFactory.TYPE,
            "shield-bank",
            server.url(),
            CredentialsRef.STORED,
            Duration.ofHours(1),
            true,
            Map.of(),
            NOW,
            NOW);
    ArachnidShieldAdapterFactory factory = new ArachnidShieldAdapterFactory(Duration.ofSeconds(30));
    factory.validate(config, Optional.of(Set.of("user", "password")));
    return factory.create(
        config, Optional.of(new Credentials(Map.of("user", "platform-7", "password", password))));
  }

  private RemoteLookup lookup() {
    return (RemoteLookup) adapter("shield-password");
  }

  /** {@code hex} with its first {@code bits} bits flipped. */
  private static String flip(String hex, int bits) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    for (int i = 0; i < bits; i++) {
      bytes[i / 8] ^= (byte) (1 << (i % 8));
    }
    return HexFormat.of().formatHex(bytes);
  }

  @Test
  void lookup_knownAndNearHashes_areHitsWithTheirClassification() {
    server.known(KNOWN, "csam");

    RemoteLookup.Verdict exact = lookup().lookup(PdqHash.fromHex(KNOWN));
    RemoteLookup.Verdict near = lookup().lookup(PdqHash.fromHex(flip(KNOWN, 12)));
    RemoteLookup.Verdict far = lookup().lookup(PdqHash.fromHex(flip(KNOWN, 64)));

    assertThat(exact.hit()).isTrue();
    assertThat(exact.classification()).isEqualTo("csam");
    assertThat(exact.externalId()).isEqualTo(KNOWN.toUpperCase());
    assertThat(near.hit()).isTrue();
    assertThat(near.matchType()).isEqualTo("near");
    assertThat(far.hit()).isFalse();
    assertThat(far.classification()).isEqualTo("no-known-match");
  }

  @Test
  void lookup_harmfulAbusiveMaterial_isAHit() {
    server.known(KNOWN, "harmful-abusive-material");
    RemoteLookup.Verdict verdict = lookup().lookup(PdqHash.fromHex(KNOWN));
    assertThat(verdict.hit()).isTrue();
    assertThat(verdict.classification()).isEqualTo("harmful-abusive-material");
  }

  @Test
  void lookup_testEntry_isNeverAHit() {
    server.known(TEST_ENTRY, "test");
    RemoteLookup.Verdict verdict = lookup().lookup(PdqHash.fromHex(TEST_ENTRY));
    assertThat(verdict.classification()).isEqualTo("test");
    assertThat(verdict.hit()).isFalse();
  }

  @Test
  void lookup_sendsOnlyThePdqHash() {
    lookup().lookup(PdqHash.fromHex(KNOWN));
    String expected =
        "{\"hashes\":[\""
            + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(KNOWN))
            + "\"]}";
    assertThat(server.bodies()).containsExactly(expected);
  }

  @Test
  void lookup_wrongPassword_isAnAuthenticationFailure() {
    assertThatThrownBy(
            () -> ((RemoteLookup) adapter("not-the-password")).lookup(PdqHash.fromHex(KNOWN)))
        .isInstanceOfSatisfying(
            ExchangeException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ExchangeException.Kind.AUTHENTICATION);
              assertThat(e.getMessage()).doesNotContain("not-the-password");
            });
  }

  @Test
  void lookup_throttled_saysForHowLong() {
    server.failNext(429);
    assertThatThrownBy(() -> lookup().lookup(PdqHash.fromHex(KNOWN)))
        .isInstanceOfSatisfying(
            ExchangeException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ExchangeException.Kind.THROTTLED);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
            });
  }

  @Test
  void fetchAndFeedback_aRemoteListHasNothingToFetchAndTakesNoFeedback() {
    ExchangeAdapter adapter = adapter("shield-password");
    assertThat(adapter.fetch(Optional.of("x")).deltas()).isEmpty();
    assertThat(adapter.fetch(Optional.of("x")).more()).isFalse();
    assertThat(adapter.acceptsFeedback()).isFalse();
    assertThat(server.bodies()).isEmpty();
  }
}
