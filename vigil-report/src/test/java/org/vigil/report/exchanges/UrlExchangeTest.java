package org.vigil.report.exchanges;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeState;
import org.vigil.core.banks.exchanges.FetchCounts;
import org.vigil.core.banks.exchanges.FetchOutcome;
import org.vigil.core.banks.exchanges.SignalProvenance;
import org.vigil.core.matcher.ScanHashes;
import org.vigil.core.testing.MutableClock;

/** The url adapter against a real HTTP file server and a real PostgreSQL bank. Synthetic hashes. */
class UrlExchangeTest {

  private static final String MD5_A = "0123456789abcdef0123456789abcdef";
  private static final String MD5_B = "fedcba9876543210fedcba9876543210";
  private static final String MD5_C = "00112233445566778899aabbccddeeff";
  private static final String PDQ_A = "f".repeat(32) + "0".repeat(32);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private HashListServer server;
  private ExchangeRig rig;

  @BeforeEach
  void start() throws Exception {
    server = new HashListServer();
    rig = new ExchangeRig(clock);
  }

  @AfterEach
  void stop() {
    server.close();
    rig.close();
  }

  private ExchangeConfig csvExchange(Map<String, String> options) {
    return rig.create(
        "partner", "url", server.url("/lists/partner.csv"), options, Optional.empty());
  }

  @Test
  void fetch_csvList_addsSignalsWithProvenanceThatScansMatch() {
    server.serve(
        "type,value,external_id,category,tags\n"
            + "md5,"
            + MD5_A
            + ",p-1,A1,hash;shared\n"
            + "MD5,"
            + MD5_B.toUpperCase()
            + ",p-2,B1,\n"
            + "pdq,"
            + PDQ_A
            + ",p-3,A1|A2,\n"
            + "photodna,abc,p-4,A1,\n"
            + "md5,not-a-hash,p-5,A1,\n",
        "text/csv");
    ExchangeConfig config = csvExchange(Map.of());

    FetchOutcome outcome = rig.sync().fetch(config, "key:admin");

    assertThat(outcome.error()).isNull();
    assertThat(outcome.counts()).isEqualTo(new FetchCounts(3, 0, 0, 2));
    assertThat(rig.bankContents()).containsExactly("md5:" + MD5_A, "md5:" + MD5_B, "pdq:" + PDQ_A);
    assertThat(rig.matcher.match(new ScanHashes(null, 0, MD5_B, null), false))
        .singleElement()
        .satisfies(m -> assertThat(m.bank()).isEqualTo(ExchangeRig.BANK));
    SignalProvenance provenance = rig.store.provenanceByExternalId("partner", "p-3").get(0);
    assertThat(provenance.categories()).containsExactly("A1", "A2");
    assertThat(rig.store.provenanceByExternalId("partner", "p-1").get(0).tags())
        .containsExactly("hash", "shared");
    ExchangeState state = rig.store.state("partner");
    assertThat(state.checkpoint()).contains("etag");
    assertThat(state.lastSuccessAt()).isNotNull();
  }

  @Test
  void fetch_unchangedList_sendsItsETagAndA304ChangesNothing() {
    server.serve("md5," + MD5_A + ",p-1,A1\n", "text/csv");
    ExchangeConfig config = csvExchange(Map.of());
    rig.sync().fetch(config, "system");
    clock.advance(java.time.Duration.ofMinutes(1));

    FetchOutcome again = rig.sync().fetch(config, "system");

    assertThat(server.notModified.get()).isEqualTo(1);
    assertThat(server.calls.get(1)).contains("inm=\"");
    assertThat(again.counts()).isEqualTo(FetchCounts.ZERO);
    assertThat(again.error()).isNull();
    assertThat(rig.bankContents()).containsExactly("md5:" + MD5_A);
  }

  @Test
  void fetch_fullListWithoutARow_withdrawsItButKeepsHandAddedHashes() {
    server.serve("md5," + MD5_A + ",p-1,A1\nmd5," + MD5_B + ",p-2,A1\n", "text/csv");
    ExchangeConfig config = csvExchange(Map.of("mode", "full"));
    rig.sync().fetch(config, "system");
    rig.banks.addSignal(
        ExchangeRig.BANK,
        "md5",
        MD5_C,
        null,
        "hand",
        null,
        org.vigil.core.auth.Principal.local("test"));
    clock.advance(java.time.Duration.ofMinutes(1));
    server.serve("md5," + MD5_B + ",p-2,A1\n", "text/csv");

    FetchOutcome outcome = rig.sync().fetch(config, "system");

    assertThat(outcome.counts()).isEqualTo(new FetchCounts(0, 0, 1, 0));
    assertThat(rig.bankContents()).containsExactlyInAnyOrder("md5:" + MD5_B, "md5:" + MD5_C);
    assertThat(rig.matcher.match(new ScanHashes(null, 0, MD5_A, null), false)).isEmpty();
    rig.restart();
    assertThat(rig.matcherSize()).isEqualTo(2);
  }

  @Test
  void fetch_ndjsonTombstones_incrementalModeRemovesOnlyWhatIsMarked() {
    server.serve(
        "{\"type\":\"md5\",\"value\":\""
            + MD5_A
            + "\",\"externalId\":\"n-1\",\"categories\":[\"A1\"]}\n"
            + "{\"type\":\"md5\",\"value\":\""
            + MD5_B
            + "\",\"externalId\":\"n-2\"}\n",
        "application/x-ndjson");
    ExchangeConfig config =
        rig.create(
            "feed-ndjson",
            "url",
            server.url("/lists/feed"),
            Map.of("mode", "incremental", "tombstone", "removed"),
            Optional.empty());
    rig.sync().fetch(config, "system");
    clock.advance(java.time.Duration.ofMinutes(1));
    server.serve(
        "{\"type\":\"md5\",\"value\":\""
            + MD5_C
            + "\",\"externalId\":\"n-3\"}\n"
            + "{\"type\":\"md5\",\"value\":\"\",\"externalId\":\"n-1\",\"removed\":true}\n"
            + "not json\n",
        "application/x-ndjson");

    FetchOutcome outcome = rig.sync().fetch(config, "system");

    assertThat(outcome.counts()).isEqualTo(new FetchCounts(1, 0, 1, 1));
    // n-2 is not in the second file, but an incremental list only removes what it marks.
    assertThat(rig.bankContents()).containsExactlyInAnyOrder("md5:" + MD5_B, "md5:" + MD5_C);
  }

  @Test
  void fetch_wrongToken_recordsAClearLastErrorAndTheNextGoodFetchClearsIt() {
    server.token = "right-token";
    server.serve("md5," + MD5_A + ",p-1,A1\n", "text/csv");
    ExchangeConfig config =
        rig.create(
            "private",
            "url",
            server.url("/private.csv"),
            Map.of(),
            Optional.of(new Credentials(Map.of("token", "wrong-token"))));

    FetchOutcome failed = rig.sync().fetch(config, "system");

    assertThat(failed.error()).startsWith("authentication failed: HTTP 401");
    assertThat(failed.error()).doesNotContain("wrong-token");
    ExchangeState state = rig.store.state("private");
    assertThat(state.lastError()).isEqualTo(failed.error());
    assertThat(state.lastSuccessAt()).isNull();
    assertThat(rig.bankContents()).isEmpty();

    server.token = "wrong-token";
    clock.advance(java.time.Duration.ofMinutes(1));
    FetchOutcome ok = rig.sync().fetch(config, "system");
    assertThat(ok.error()).isNull();
    assertThat(rig.store.state("private").lastError()).isNull();
    assertThat(rig.bankContents()).containsExactly("md5:" + MD5_A);
  }

  @Test
  void fetch_redirectElsewhere_isNotFollowedSoTheTokenStaysWithTheConfiguredHost()
      throws Exception {
    try (HashListServer elsewhere = new HashListServer()) {
      elsewhere.serve("md5," + MD5_A + ",p-1,A1\n", "text/csv");
      server.redirectTo = elsewhere.url("/stolen.csv").toString();
      ExchangeConfig config =
          rig.create(
              "private",
              "url",
              server.url("/private.csv"),
              Map.of(),
              Optional.of(new Credentials(Map.of("token", "secret-token"))));

      FetchOutcome outcome = rig.sync().fetch(config, "system");

      assertThat(outcome.error())
          .startsWith("unexpected answer: HTTP 302")
          .contains("redirects are not followed")
          .doesNotContain("secret-token");
      assertThat(elsewhere.calls).isEmpty();
      assertThat(rig.bankContents()).isEmpty();
    }
  }

  @Test
  void fetch_throttled_waitsAsToldThenSucceeds() {
    server.serve("md5," + MD5_A + ",p-1,A1\n", "text/csv");
    server.throttleNext.set(2);
    ExchangeConfig config = csvExchange(Map.of());

    FetchOutcome outcome = rig.sync().fetch(config, "system");

    assertThat(outcome.error()).isNull();
    assertThat(server.calls).hasSize(3);
    assertThat(rig.bankContents()).containsExactly("md5:" + MD5_A);
  }

  @Test
  void fetch_throttledBeyondTheRetries_failsWithThrottledError() {
    server.serve("md5," + MD5_A + ",p-1,A1\n", "text/csv");
    server.throttleNext.set(100);
    server.retryAfterSeconds = 3600;
    ExchangeConfig config = csvExchange(Map.of());

    FetchOutcome outcome = rig.sync().fetch(config, "system");

    assertThat(outcome.error()).startsWith("throttled: HTTP 429").contains("Retry-After 3600 s");
    assertThat(server.calls).hasSize(1);
  }

  @Test
  void fetch_bodyBrokenOff_failsAndWithdrawsNothing() {
    server.serve("md5," + MD5_A + ",p-1,A1\nmd5," + MD5_B + ",p-2,A1\n", "text/csv");
    ExchangeConfig config = csvExchange(Map.of("mode", "full"));
    rig.sync().fetch(config, "system");
    String checkpoint = rig.store.state("partner").checkpoint();
    clock.advance(java.time.Duration.ofMinutes(1));
    StringBuilder longer = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      longer
          .append("md5,")
          .append(String.format("%032x", i))
          .append(",x-")
          .append(i)
          .append(",A1\n");
    }
    server.serve(longer.toString(), "text/csv");
    server.cutBody = true;

    FetchOutcome outcome = rig.sync().fetch(config, "system");

    assertThat(outcome.error()).startsWith("exchange unavailable");
    assertThat(rig.bankContents()).containsExactly("md5:" + MD5_A, "md5:" + MD5_B);
    assertThat(rig.store.state("partner").checkpoint()).isEqualTo(checkpoint);
  }

  @Test
  void fetch_emptyFullList_isRefusedRatherThanEmptyingTheBank() {
    server.serve("md5," + MD5_A + ",p-1,A1\n", "text/csv");
    ExchangeConfig config = csvExchange(Map.of("mode", "full"));
    rig.sync().fetch(config, "system");
    clock.advance(java.time.Duration.ofMinutes(1));
    server.serve("type,value\n", "text/csv");

    FetchOutcome outcome = rig.sync().fetch(config, "system");

    assertThat(outcome.error()).contains("no usable rows");
    assertThat(rig.bankContents()).containsExactly("md5:" + MD5_A);
  }

  @Test
  void validate_badOptions_namePreciseFields() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> csvExchange(Map.of("mode", "sometimes")))
        .hasMessageContaining("mode must be full or incremental");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                rig.create(
                    "x",
                    "url",
                    java.net.URI.create("ftp://lists.example/x.csv"),
                    Map.of(),
                    Optional.empty()))
        .hasMessageContaining("http or https");
    assertThat(SignalType.MD5.normalise(MD5_A)).isEqualTo(MD5_A);
    assertThat(List.of()).isEmpty();
  }
}
