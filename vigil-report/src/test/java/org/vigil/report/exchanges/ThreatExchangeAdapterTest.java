package org.vigil.report.exchanges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.CredentialsRef;
import org.vigil.core.banks.exchanges.Delta;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeException;
import org.vigil.core.banks.exchanges.ExchangeSignal;
import org.vigil.core.banks.exchanges.FetchPage;
import org.vigil.core.banks.exchanges.Opinion;

/** The threatexchange adapter against a stand-in that follows the Graph API's documented shape. */
@Timeout(60)
class ThreatExchangeAdapterTest {

  private static final String TOKEN = "1234567890|app-secret-for-tests";
  private static final String GROUP = "303636684709969";
  private static final long WINDOW_END = 5_000;
  private static final Instant NOW = Instant.ofEpochSecond(WINDOW_END);

  private final ThreatExchangeTestServer server = new ThreatExchangeTestServer(TOKEN, GROUP);

  @AfterEach
  void stop() {
    server.close();
  }

  private static String pdq(int i) {
    return String.format("%064x", 0x3c3c3c3cL * (i + 7));
  }

  private ExchangeAdapter adapter(String token, Instant now) {
    ExchangeConfig config =
        new ExchangeConfig(
            "te",
            "default",
            ThreatExchangeAdapterFactory.TYPE,
            "te-bank",
            server.base(),
            CredentialsRef.STORED,
            Duration.ofMinutes(5),
            true,
            Map.of("privacyGroup", GROUP, "pageSize", "10"),
            NOW,
            NOW);
    ThreatExchangeAdapterFactory factory =
        new ThreatExchangeAdapterFactory(Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(30));
    factory.validate(config, Optional.of(Set.of("token")));
    return factory.create(config, Optional.of(new Credentials(Map.of("token", token))));
  }

  private ExchangeAdapter adapter() {
    return adapter(TOKEN, NOW);
  }

  private static List<Delta> drain(ExchangeAdapter adapter, Optional<String> from, String[] last) {
    List<Delta> all = new ArrayList<>();
    Optional<String> checkpoint = from;
    FetchPage page;
    do {
      page = adapter.fetch(checkpoint);
      all.addAll(page.deltas());
      checkpoint = Optional.of(page.checkpoint());
    } while (page.more());
    last[0] = page.checkpoint();
    return all;
  }

  @Test
  void fetch_manyPages_followsPagingNextWithinOneWindow() {
    for (int i = 0; i < 25; i++) {
      server.put(100 + i, "HASH_PDQ", pdq(i), 9_000 + i, 1_000 + i, "media_type_photo");
    }
    String[] last = new String[1];
    List<Delta> deltas = drain(adapter(), Optional.empty(), last);

    assertThat(deltas).hasSize(25);
    Delta.Upsert first = (Delta.Upsert) deltas.get(0);
    assertThat(first.value()).isEqualTo(pdq(0));
    assertThat(first.externalId()).isEqualTo("9000");
    assertThat(first.categories()).containsExactly("media_type_photo");
    List<Map<String, String>> calls = server.requests();
    assertThat(calls).hasSize(3);
    assertThat(calls.get(0)).containsEntry("start_time", "0").containsEntry("stop_time", "5000");
    assertThat(calls.get(1)).containsKey("after");
    // The stored checkpoint never carries the access token.
    assertThat(last[0]).doesNotContain("app-secret").contains("\"start\":5000");
  }

  @Test
  void fetch_nextWindow_startsWhereTheLastOneStoppedAndSeesOnlyNewUpdates() {
    server.put(1, "HASH_PDQ", pdq(1), 11, 1_000);
    String[] last = new String[1];
    drain(adapter(), Optional.empty(), last);
    server.put(2, "HASH_PDQ", pdq(2), 12, 5_500);

    List<Delta> next =
        drain(adapter(TOKEN, Instant.ofEpochSecond(6_000)), Optional.of(last[0]), last);

    assertThat(next).hasSize(1);
    assertThat(server.requests().get(1))
        .containsEntry("start_time", "5000")
        .containsEntry("stop_time", "6000");
  }

  @Test
  void fetch_shouldDelete_becomesADeletionAndOtherTypesAreSkipped() {
    server.put(1, "HASH_PDQ", pdq(1), 11, 1_000);
    server.put(2, "URI", "https://example.com/", 12, 1_001);
    server.put(3, "HASH_MD5", "0123456789ABCDEF0123456789ABCDEF", 13, 1_002);
    server.delete(1, 1_003);

    FetchPage page = adapter().fetch(Optional.empty());

    assertThat(page.skipped()).isEqualTo(1);
    assertThat(page.deltas()).hasSize(2);
    assertThat(((Delta.Upsert) page.deltas().get(0)).value())
        .isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(page.deltas().get(1)).isEqualTo(Delta.Delete.byValue(SignalType.PDQ, pdq(1)));
  }

  @Test
  void fetch_memberSaysNonMalicious_isAFalsePositiveOpinionOfTheExchange() {
    server.put(
        new ThreatExchangeTestServer.Update(
            1, "HASH_PDQ", pdq(1), 1_000, false, 11, 777, "NON_MALICIOUS", List.of(), List.of()));

    Delta.Upsert upsert = (Delta.Upsert) adapter().fetch(Optional.empty()).deltas().get(0);

    assertThat(upsert.opinions()).hasSize(1);
    assertThat(upsert.opinions().get(0).kind()).isEqualTo(Opinion.Kind.FALSE_POSITIVE);
    assertThat(upsert.opinions().get(0).by()).isEqualTo("member:777");
    assertThat(upsert.opinions().get(0).at()).isEqualTo(Instant.ofEpochSecond(1_000));
  }

  @Test
  void fetch_crashMidFetch_resumesFromTheStoredNextPage() {
    for (int i = 0; i < 30; i++) {
      server.put(100 + i, "HASH_PDQ", pdq(i), 9_000 + i, 1_000 + i);
    }
    FetchPage first = adapter().fetch(Optional.empty());
    assertThat(first.more()).isTrue();
    assertThat(first.checkpoint()).doesNotContain("app-secret");

    String[] last = new String[1];
    List<Delta> rest = drain(adapter(), Optional.of(first.checkpoint()), last);

    assertThat(rest).hasSize(20);
    assertThat(server.requests().get(1)).containsKey("after");
  }

  @Test
  void fetch_crashMidFetchAfterTheCursorExpired_restartsTheWindowFromTheNewestApplied() {
    for (int i = 0; i < 30; i++) {
      server.put(100 + i, "HASH_PDQ", pdq(i), 9_000 + i, 1_000 + i);
    }
    server.cursorLifetime(Duration.ZERO);
    FetchPage first = adapter().fetch(Optional.empty());

    String[] last = new String[1];
    List<Delta> rest = drain(adapter(), Optional.of(first.checkpoint()), last);

    // Restarted at 1009 (the newest update of page one), same stop: none missed; every cursor
    // expires here, so each page restarts at its newest update (read again, harmlessly).
    java.util.Set<String> values = new java.util.TreeSet<>();
    for (Delta delta : rest) {
      values.add(((Delta.Upsert) delta).value());
    }
    java.util.Set<String> expected = new java.util.TreeSet<>();
    for (int i = 9; i < 30; i++) {
      expected.add(pdq(i));
    }
    assertThat(values).isEqualTo(expected);
    assertThat(server.requests().get(1)).containsKey("after");
    Map<String, String> restart = server.requests().get(2);
    assertThat(restart).containsEntry("start_time", "1009").containsEntry("stop_time", "5000");
  }

  @Test
  void fetch_badToken_isAnAuthenticationFailureWithoutTheToken() {
    assertThatThrownBy(() -> adapter("999|wrong-secret-value", NOW).fetch(Optional.empty()))
        .isInstanceOfSatisfying(
            ExchangeException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ExchangeException.Kind.AUTHENTICATION);
              assertThat(e.getMessage()).doesNotContain("wrong-secret");
            });
  }

  @Test
  void fetch_throttled_isThrottled() {
    server.failNext(429);
    assertThatThrownBy(() -> adapter().fetch(Optional.empty()))
        .isInstanceOfSatisfying(
            ExchangeException.class,
            e -> assertThat(e.kind()).isEqualTo(ExchangeException.Kind.THROTTLED));
  }

  @Test
  void report_confirmedAndOverturned_becomeReactionsOnTheDescriptor() {
    server.put(1, "HASH_PDQ", pdq(1), 11, 1_000);
    server.put(2, "HASH_PDQ", pdq(2), 12, 1_000);
    ExchangeAdapter adapter = adapter();

    adapter.report(
        new ExchangeSignal("te", SignalType.PDQ, pdq(1), "11", List.of(), List.of()),
        new Opinion(Opinion.Kind.TRUE_POSITIVE, null, List.of(), "mod", NOW));
    adapter.report(
        new ExchangeSignal("te", SignalType.PDQ, pdq(2), "12", List.of(), List.of()),
        new Opinion(Opinion.Kind.FALSE_POSITIVE, null, List.of(), "mod", NOW));

    assertThat(server.reactions(11)).containsExactlyInAnyOrder("SAW_THIS_TOO", "HELPFUL");
    assertThat(server.reactions(12)).containsExactly("NOT_HELPFUL");
  }

  @Test
  void report_withoutADescriptorId_isAProtocolError() {
    assertThatThrownBy(
            () ->
                adapter()
                    .report(
                        new ExchangeSignal(
                            "te", SignalType.PDQ, pdq(1), null, List.of(), List.of()),
                        new Opinion(Opinion.Kind.TRUE_POSITIVE, null, List.of(), "m", NOW)))
        .isInstanceOfSatisfying(
            ExchangeException.class,
            e -> assertThat(e.kind()).isEqualTo(ExchangeException.Kind.PROTOCOL));
  }
}
