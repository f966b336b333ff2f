package org.vigil.report.exchanges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeException;
import org.vigil.core.banks.exchanges.ExchangeSignal;
import org.vigil.core.banks.exchanges.ExchangeState;
import org.vigil.core.banks.exchanges.ExchangeStore;
import org.vigil.core.banks.exchanges.FetchOutcome;
import org.vigil.core.banks.exchanges.Opinion;
import org.vigil.core.testing.MutableClock;

/**
 * The ncmec adapter and the sync loop against a stand-in of NCMEC's hash sharing API and a real
 * PostgreSQL bank: paging within a window, the time checkpoint moving only when a window is
 * exhausted, an outage and a crash mid-fetch resumed from the stored checkpoint, authentication
 * failure, throttling, feedback. Synthetic hashes only.
 */
class NcmecExchangeTest {

  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Credentials GOOD =
      new Credentials(
          Map.of("user", NcmecHashSharingServer.USER, "password", NcmecHashSharingServer.PASSWORD));

  private final MutableClock clock = new MutableClock(NOW);
  private NcmecHashSharingServer server;
  private ExchangeRig rig;

  @BeforeEach
  void start() throws Exception {
    server = new NcmecHashSharingServer(3);
    // 10 entries over the month: md5 and pdq each (kept), sha1 and pdna on some (skipped).
    for (int i = 0; i < 10; i++) {
      Map<String, String> fingerprints = new LinkedHashMap<>();
      fingerprints.put("md5", md5(i));
      if (i % 2 == 0) {
        fingerprints.put("pdq", pdq(i));
      }
      if (i % 3 == 0) {
        fingerprints.put("sha1", "ab".repeat(20));
        fingerprints.put("pdna", "cd".repeat(24));
      }
      server.put(
          new NcmecHashSharingServer.Entry(
              "entry-" + i,
              i < 7 ? "image" : "video",
              START.plus(Duration.ofDays(i + 1)),
              "A" + (1 + i % 2),
              fingerprints,
              false));
    }
    rig = new ExchangeRig(clock);
  }

  @AfterEach
  void stop() {
    server.close();
    rig.close();
  }

  private static String md5(int i) {
    return String.format("%032x", 0xabc000L + i);
  }

  private static String pdq(int i) {
    return String.format("%064x", 0x5eed0000L + i);
  }

  /** All 10 entries' kept fingerprints: 10 md5 + 5 pdq. */
  private static TreeSet<String> everything() {
    TreeSet<String> out = new TreeSet<>();
    for (int i = 0; i < 10; i++) {
      out.add("md5:" + md5(i));
      if (i % 2 == 0) {
        out.add("pdq:" + pdq(i));
      }
    }
    return out;
  }

  private ExchangeConfig ncmec(ExchangeRig on, Credentials credentials) {
    return on.create(
        "ncmec",
        "ncmec",
        server.base(),
        Map.of("start", START.toString(), "settleSeconds", "0"),
        Optional.of(credentials));
  }

  @Test
  void fetch_pagedWindow_appliesAllEntriesAndMovesTheTimeCheckpointOnlyAtTheEnd() {
    ExchangeConfig config = ncmec(rig, GOOD);

    FetchOutcome outcome = rig.sync().fetch(config, "system");

    assertThat(outcome.error()).isNull();
    assertThat(outcome.pages()).isEqualTo(4);
    assertThat(outcome.counts().added()).isEqualTo(15);
    assertThat(outcome.counts().skipped()).isEqualTo(8);
    assertThat(rig.bankContents()).isEqualTo(everything());
    assertThat(rig.matcherSize()).isEqualTo(15);
    assertThat(rig.store.state("ncmec").checkpoint()).isEqualTo("{\"from\":\"" + NOW + "\"}");
    assertThat(rig.store.provenanceByExternalId("ncmec", "entry-3"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.categories()).containsExactly("A2");
              assertThat(p.tags()).containsExactly("image", "member:42");
            });
    // Pages 2-4 followed paging/next within the first window.
    assertThat(server.calls.get(1)).contains("start=4");
  }

  @Test
  void fetch_outageAfterTwoPages_resumesInTheSameWindowAndEndsLikeAnUninterruptedFetch()
      throws Exception {
    ExchangeConfig config = ncmec(rig, GOOD);
    server.failAfterPages = 2;

    FetchOutcome broken = rig.sync().fetch(config, "system");

    assertThat(broken.error()).startsWith("exchange unavailable: HTTP 503");
    assertThat(broken.pages()).isEqualTo(2);
    ExchangeState midway = rig.store.state("ncmec");
    assertThat(midway.checkpoint()).contains("\"from\":\"" + START + "\"").contains("start=7");
    assertThat(midway.lastError()).isEqualTo(broken.error());
    assertThat(rig.bankContents()).hasSizeLessThan(everything().size());

    server.failAfterPages = Integer.MAX_VALUE;
    rig.restart();
    clock.advance(Duration.ofMinutes(5));
    FetchOutcome resumed = rig.sync().fetch(config, "system");

    assertThat(resumed.error()).isNull();
    assertThat(resumed.pages()).isEqualTo(2);
    assertThat(server.calls.get(2)).contains("start=7");
    assertThat(rig.bankContents()).isEqualTo(uninterrupted());
    assertThat(rig.matcherSize()).isEqualTo(15);
    assertThat(rig.store.state("ncmec").lastError()).isNull();
  }

  @Test
  void fetch_crashAfterThePageCommitsBeforeItsCheckpoint_reappliesItWithoutDoubleCounting()
      throws Exception {
    ExchangeConfig config = ncmec(rig, GOOD);
    AtomicInteger checkpoints = new AtomicInteger();
    ExchangeStore real = rig.store;
    rig.syncStore =
        (ExchangeStore)
            Proxy.newProxyInstance(
                ExchangeStore.class.getClassLoader(),
                new Class<?>[] {ExchangeStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("pageDone") && checkpoints.incrementAndGet() == 3) {
                    throw new IllegalStateException("simulated crash before checkpoint 3");
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });

    FetchOutcome crashed = rig.sync().fetch(config, "system");

    assertThat(crashed.error()).contains("simulated crash");
    String checkpoint = rig.store.state("ncmec").checkpoint();
    assertThat(checkpoint)
        .contains("start=7"); // page 2's; page 3 is in the bank, not the checkpoint
    rig.syncStore = real;
    rig.restart();
    FetchOutcome resumed = rig.sync().fetch(config, "system");

    assertThat(resumed.error()).isNull();
    assertThat(resumed.pages()).isEqualTo(2); // page 3 again, then page 4
    assertThat(rig.bankContents()).isEqualTo(uninterrupted());
    assertThat(rig.store.state("ncmec").total().added()).isEqualTo(15);
  }

  @Test
  void fetch_nextWindow_appliesUpdatesAndDeletionsThatArriveOutOfTimeOrder() {
    ExchangeConfig config = ncmec(rig, GOOD);
    rig.sync().fetch(config, "system");
    Instant later = NOW.plus(Duration.ofMinutes(30));
    // entry-1 withdrawn, entry-2 reclassified, entry-20 new; listed out of time order.
    server.put(new NcmecHashSharingServer.Entry("entry-1", "image", later, null, Map.of(), true));
    server.put(
        new NcmecHashSharingServer.Entry(
            "entry-2",
            "image",
            later.minusSeconds(60),
            "B1",
            Map.of("md5", md5(2), "pdq", pdq(2)),
            false));
    server.put(
        new NcmecHashSharingServer.Entry(
            "entry-20", "video", later.minusSeconds(120), "A1", Map.of("md5", md5(20)), false));
    clock.set(NOW.plus(Duration.ofHours(1)));

    FetchOutcome outcome = rig.sync().fetch(config, "system");

    assertThat(outcome.error()).isNull();
    assertThat(outcome.counts().added()).isEqualTo(1);
    assertThat(outcome.counts().updated()).isEqualTo(2);
    assertThat(outcome.counts().removed()).isEqualTo(1);
    TreeSet<String> expected = everything();
    expected.remove("md5:" + md5(1));
    expected.add("md5:" + md5(20));
    assertThat(rig.bankContents()).isEqualTo(expected);
    assertThat(rig.store.provenanceByExternalId("ncmec", "entry-2"))
        .allSatisfy(p -> assertThat(p.categories()).containsExactly("B1"));
    assertThat(server.calls.get(server.calls.size() - 1))
        .contains(
            "from="
                + java.net.URLEncoder.encode(
                    NOW.toString(), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void fetch_wrongPassword_recordsAuthenticationFailureAndTouchesNothing() {
    ExchangeConfig config =
        ncmec(
            rig, new Credentials(Map.of("user", NcmecHashSharingServer.USER, "password", "nope")));

    FetchOutcome outcome = rig.sync().fetch(config, "system");

    assertThat(outcome.error())
        .startsWith("authentication failed: HTTP 401")
        .doesNotContain("nope");
    assertThat(rig.store.state("ncmec").lastError()).isEqualTo(outcome.error());
    assertThat(rig.store.state("ncmec").checkpoint()).isNull();
    assertThat(rig.bankContents()).isEmpty();
  }

  @Test
  void fetch_throttledOnce_waitsAndCompletes() {
    ExchangeConfig config = ncmec(rig, GOOD);
    server.throttleNext.set(1);

    FetchOutcome outcome = rig.sync().fetch(config, "system");

    assertThat(outcome.error()).isNull();
    assertThat(rig.bankContents()).isEqualTo(everything());
  }

  @Test
  void report_votes_arePutAsFeedbackSubmissions() {
    ExchangeConfig config = ncmec(rig, GOOD);
    ExchangeAdapter adapter =
        rig.adapters.find("ncmec").orElseThrow().create(config, Optional.of(GOOD));
    Opinion benign =
        new Opinion(Opinion.Kind.FALSE_POSITIVE, "Not CSAM", List.of(), "key:mod", NOW);
    Opinion confirmed = new Opinion(Opinion.Kind.TRUE_POSITIVE, null, List.of(), "key:mod", NOW);

    assertThat(adapter.acceptsFeedback()).isTrue();
    adapter.report(
        new ExchangeSignal("ncmec", SignalType.MD5, md5(4), "entry-4", List.of("A1"), List.of()),
        benign);
    adapter.report(
        new ExchangeSignal("ncmec", SignalType.PDQ, pdq(4), "entry-4", List.of("A1"), List.of()),
        confirmed);

    assertThat(server.feedback).hasSize(2);
    assertThat(server.feedback.get(0))
        .startsWith("/v2/entries/entry-4/fingerprints/md5/feedback ")
        .contains("<negative><reasonIds><guid>" + NcmecHashSharingServer.REASON_GUID);
    assertThat(server.feedback.get(1))
        .startsWith("/v2/entries/entry-4/fingerprints/pdq/feedback ")
        .contains("<affirmative/>");
    assertThatThrownBy(
            () ->
                adapter.report(
                    new ExchangeSignal(
                        "ncmec", SignalType.MD5, md5(99), "entry-99", List.of(), List.of()),
                    confirmed))
        .isInstanceOf(ExchangeException.class)
        .hasMessageContaining("HTTP 404");
  }

  /** The bank an uninterrupted fetch of the same server state produces, on its own database. */
  private TreeSet<String> uninterrupted() {
    try (ExchangeRig fresh = new ExchangeRig(clock)) {
      int served = server.pagesServed.get();
      FetchOutcome outcome = fresh.sync().fetch(ncmec(fresh, GOOD), "system");
      assertThat(outcome.error()).isNull();
      server.pagesServed.set(served);
      return fresh.bankContents();
    }
  }
}
