package org.vigil.report.exchanges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/** The stopncii adapter against a stand-in that follows StopNCII's documented API shape. */
@Timeout(60)
class StopNciiAdapterTest {

  private static final Instant NOW = Instant.parse("2026-12-05T04:00:00Z");
  private static final String SUBSCRIPTION = "sub-key-test";
  private static final String FETCH_KEY = "fetch-fn-key";
  private static final String FEEDBACK_KEY = "feedback-fn-key";

  private final StopNciiTestServer server =
      new StopNciiTestServer(SUBSCRIPTION, FETCH_KEY, FEEDBACK_KEY);

  @AfterEach
  void stop() {
    server.close();
  }

  private static String pdq(int i) {
    return String.format("%064x", 0x5a5a5a5aL * (i + 1)).replace(' ', '0');
  }

  private ExchangeAdapter adapter(Map<String, String> options, String subscription) {
    ExchangeConfig config =
        new ExchangeConfig(
            "ncii",
            "default",
            StopNciiAdapterFactory.TYPE,
            "ncii-bank",
            server.url(),
            CredentialsRef.STORED,
            Duration.ofMinutes(5),
            true,
            options,
            NOW,
            NOW);
    StopNciiAdapterFactory factory =
        new StopNciiAdapterFactory(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(30));
    factory.validate(config, Optional.of(java.util.Set.of("token", "fetchKey", "feedbackKey")));
    Map<String, String> secrets = new HashMap<>();
    secrets.put("token", subscription);
    secrets.put("fetchKey", FETCH_KEY);
    secrets.put("feedbackKey", FEEDBACK_KEY);
    return factory.create(config, Optional.of(new Credentials(secrets)));
  }

  private ExchangeAdapter adapter(int pageSize) {
    return adapter(Map.of("pageSize", String.valueOf(pageSize)), SUBSCRIPTION);
  }

  /** Fetches every page, as the sync loop does, returning the deltas and the last checkpoint. */
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
  void fetch_manyPages_followsTokensAndEndsWithTheNextSetTimestamp() {
    for (int i = 0; i < 25; i++) {
      server.put("ImagePDQ", pdq(i), 1_000 + i);
    }
    server.clock(() -> 2_000);
    String[] last = new String[1];
    List<Delta> deltas = drain(adapter(10), Optional.empty(), last);

    assertThat(deltas).hasSize(25).allMatch(d -> d instanceof Delta.Upsert);
    assertThat(((Delta.Upsert) deltas.get(0)).type()).isEqualTo(SignalType.PDQ);
    assertThat(((Delta.Upsert) deltas.get(0)).value()).isEqualTo(pdq(0));
    assertThat(server.fetchRequests()).hasSize(3);
    assertThat(server.fetchRequests().get(1)).containsKey("nextPageToken");
    assertThat(last[0]).contains("\"resumeAt\":2000").doesNotContain("token");

    // The next fetch starts at the next-set timestamp and sees only what changed since.
    server.put("ImagePDQ", pdq(99), 2_001);
    List<Delta> next = drain(adapter(10), Optional.of(last[0]), last);
    assertThat(next).hasSize(1);
    assertThat(server.fetchRequests().get(3)).containsEntry("startTimestamp", "2000");
  }

  @Test
  void fetch_withdrawnAndDeletedHashes_becomeDeletionsAndUnusableTypesAreSkipped() {
    server.put("ImagePDQ", pdq(1), 100);
    server.put("ImagePDQ", pdq(2), 101);
    server.put("VideoMD5", "0123456789abcdef0123456789abcdef", 102);
    server.put(
        new StopNciiTestServer.HashRecord(
            "Text", "some text hash", "Active", 103, Map.of(), List.of()));
    server.withdraw(pdq(1), 104);
    server.put(
        new StopNciiTestServer.HashRecord("ImagePDQ", pdq(2), "Deleted", 105, Map.of(), List.of()));

    FetchPage page = adapter(100).fetch(Optional.empty());

    assertThat(page.skipped()).isEqualTo(1);
    assertThat(page.deltas())
        .containsExactly(
            new Delta.Upsert(
                SignalType.MD5,
                "0123456789abcdef0123456789abcdef",
                null,
                List.of("ncii"),
                List.of("status:active"),
                NOW),
            Delta.Delete.byValue(SignalType.PDQ, pdq(1)),
            Delta.Delete.byValue(SignalType.PDQ, pdq(2)));
  }

  @Test
  void fetch_aRecordSeenTwice_theLaterReplacesTheEarlier() {
    server.clock(() -> 200);
    server.put("ImagePDQ", pdq(1), 100);
    String[] last = new String[1];
    drain(adapter(10), Optional.empty(), last);
    server.put(
        new StopNciiTestServer.HashRecord(
            "ImagePDQ",
            pdq(1),
            "Active",
            500,
            Map.of("case-1", "Active"),
            List.of(Map.of("feedbackValue", "Blocked", "tags", List.of(), "source", "csp-a"))));

    List<Delta> again = drain(adapter(10), Optional.of(last[0]), last);

    assertThat(again).hasSize(1);
    Delta.Upsert replaced = (Delta.Upsert) again.get(0);
    assertThat(replaced.tags()).containsExactly("status:active", "csp_feedback:Blocked");
    // Another platform's verdict is the exchange's opinion on the hash.
    assertThat(replaced.opinions())
        .containsExactly(
            new Opinion(
                Opinion.Kind.TRUE_POSITIVE,
                "ncii",
                List.of(),
                "csp:csp-a",
                Instant.ofEpochSecond(500)));
  }

  @Test
  void fetch_crashMidFetchWithAFreshToken_resumesWithTheToken() {
    for (int i = 0; i < 30; i++) {
      server.put("ImagePDQ", pdq(i), 1_000 + i);
    }
    FetchPage first = adapter(10).fetch(Optional.empty());
    assertThat(first.more()).isTrue();

    // The process dies after storing the first page's checkpoint; a new adapter resumes from it.
    String[] last = new String[1];
    List<Delta> rest = drain(adapter(10), Optional.of(first.checkpoint()), last);

    assertThat(rest).hasSize(20);
    assertThat(server.fetchRequests().get(1)).containsKey("nextPageToken");
  }

  @Test
  void fetch_crashMidFetchAfterTheTokenExpired_restartsFromTheNextSetTimestamp() {
    for (int i = 0; i < 30; i++) {
      server.put("ImagePDQ", pdq(i), 1_000 + i);
    }
    server.tokenLifetime(Duration.ZERO);
    FetchPage first = adapter(10).fetch(Optional.empty());

    String[] last = new String[1];
    List<Delta> rest = drain(adapter(10), Optional.of(first.checkpoint()), last);

    // The token was refused; the fetch started again at the last record of page one (1009),
    // so that record is read twice (harmless) and none is missed. Every later token expires too,
    // so each page restarts at its own last record.
    java.util.Set<String> values = new java.util.TreeSet<>();
    for (Delta delta : rest) {
      values.add(((Delta.Upsert) delta).value());
    }
    java.util.Set<String> expected = new java.util.TreeSet<>();
    for (int i = 9; i < 30; i++) {
      expected.add(pdq(i));
    }
    assertThat(values).isEqualTo(expected);
    assertThat(server.fetchRequests().get(2)).containsEntry("startTimestamp", "1009");
    assertThat(server.fetchRequests().get(2)).doesNotContainKey("nextPageToken");
  }

  @Test
  void fetch_wrongSubscriptionKey_isAnAuthenticationFailure() {
    assertThatThrownBy(() -> adapter(Map.of(), "wrong-key").fetch(Optional.empty()))
        .isInstanceOfSatisfying(
            ExchangeException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ExchangeException.Kind.AUTHENTICATION);
              assertThat(e.getMessage()).doesNotContain("wrong-key");
            });
    assertThat(server.fetchRequests()).isEmpty();
  }

  @Test
  void fetch_throttled_saysForHowLongAndKeepsTheCheckpoint() {
    server.put("ImagePDQ", pdq(1), 100);
    server.failNext(429);

    assertThatThrownBy(() -> adapter(10).fetch(Optional.empty()))
        .isInstanceOfSatisfying(
            ExchangeException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ExchangeException.Kind.THROTTLED);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            });
    assertThat(adapter(10).fetch(Optional.empty()).deltas()).hasSize(1);
  }

  @Test
  void fetch_serverError_isUnavailable() {
    server.failNext(503);
    assertThatThrownBy(() -> adapter(10).fetch(Optional.empty()))
        .isInstanceOfSatisfying(
            ExchangeException.class,
            e -> assertThat(e.kind()).isEqualTo(ExchangeException.Kind.UNAVAILABLE));
  }

  @Test
  void report_opinions_areSubmittedAsBlockedAndNotBlocked() {
    server.put("ImagePDQ", pdq(1), 100);
    server.put("ImagePDQ", pdq(2), 100);
    ExchangeAdapter adapter = adapter(10);

    adapter.report(
        new ExchangeSignal("ncii", SignalType.PDQ, pdq(1), null, List.of("ncii"), List.of()),
        new Opinion(Opinion.Kind.TRUE_POSITIVE, "ncii", List.of("reviewed"), "mod-1", NOW));
    adapter.report(
        new ExchangeSignal("ncii", SignalType.PDQ, pdq(2), null, List.of("ncii"), List.of()),
        new Opinion(Opinion.Kind.FALSE_POSITIVE, "ncii", List.of(), "mod-1", NOW));

    assertThat(adapter.acceptsFeedback()).isTrue();
    assertThat(server.feedbacks())
        .containsExactly(
            new StopNciiTestServer.Feedback(pdq(1), "Blocked", List.of("reviewed")),
            new StopNciiTestServer.Feedback(pdq(2), "NotBlocked", List.of()));
  }

  @Test
  void report_unknownHash_isRefusedAsAProtocolError() {
    assertThatThrownBy(
            () ->
                adapter(10)
                    .report(
                        new ExchangeSignal(
                            "ncii", SignalType.PDQ, pdq(7), null, List.of(), List.of()),
                        new Opinion(Opinion.Kind.TRUE_POSITIVE, null, List.of(), "m", NOW)))
        .isInstanceOfSatisfying(
            ExchangeException.class,
            e -> assertThat(e.kind()).isEqualTo(ExchangeException.Kind.PROTOCOL));
  }
}
