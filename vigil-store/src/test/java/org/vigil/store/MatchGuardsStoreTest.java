package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.actions.Delivery;
import org.vigil.core.actions.Verdict;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankAction;
import org.vigil.core.banks.NewSignal;
import org.vigil.core.banks.Signal;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.Opinion;
import org.vigil.core.banks.exchanges.SignalOpinion;
import org.vigil.core.json.Json;
import org.vigil.core.matcher.FloodGuard;
import org.vigil.core.matcher.MatchGuards;
import org.vigil.core.matcher.NegativeBank;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.signal.BenignMatch;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HeldMatch;
import org.vigil.core.testing.MutableClock;

/**
 * The negative banks and the flood guard on a real PostgreSQL: opinions as the feedback loop and
 * exchanges record them, match counts and holds shared by servers on one database.
 */
@Timeout(120)
class MatchGuardsStoreTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  private static final String PDQ_A =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  private final Database db = TestDatabases.freshPostgres();
  private final MutableClock clock = new MutableClock(T0);
  private final JdbcGuardStore guards = new JdbcGuardStore(db);
  private final JdbcBankStore banks = new JdbcBankStore(db);

  @AfterEach
  void close() {
    db.close();
  }

  private Signal signal(String bank, String pdq) {
    banks.insert(new Bank(bank, "", 31, BankAction.BLOCK, true, T0, T0));
    return banks.addSignal(bank, new NewSignal(SignalType.PDQ, pdq, "x", "test", null), T0);
  }

  private static HashMatch match(Signal s) {
    return new HashMatch(s.bank(), s.id(), "pdq", 2, null, null, "block");
  }

  private FloodGuard flood(long perHour) {
    return new FloodGuard(
        guards, clock, new FloodGuard.Settings(true, perHour, 10.0, Duration.ofDays(7)));
  }

  private static SignalOpinion opinion(
      Signal s, SignalOpinion.Origin origin, Opinion.Kind kind, Instant at, String caseId) {
    return new SignalOpinion(
        0,
        "default",
        s.type(),
        s.value(),
        s.bank(),
        s.id(),
        origin == SignalOpinion.Origin.EXCHANGE ? "te" : null,
        origin,
        new Opinion(kind, "cat", List.of(), "moderator-1", at),
        caseId,
        null);
  }

  @Test
  void flood_freshSignalOverTheLimit_isHeldAndAnnounced() {
    new JdbcOutboxSubscribers(db)
        .ensure("sub_t", "default", "test", List.of(FloodGuard.QUARANTINED), T0);
    Signal s = signal("partner", PDQ_A);
    FloodGuard guard = flood(100);
    for (int i = 0; i < 100; i++) {
      assertThat(guard.observe("partner", s.id(), "item-" + (i), "default", T0.plusSeconds(i)))
          .isEmpty();
    }

    var hold = guard.observe("partner", s.id(), "item-" + (100), "default", T0.plusSeconds(100));

    assertThat(hold).isPresent();
    assertThat(hold.get().matches()).isEqualTo(101);
    assertThat(hold.get().limit()).isEqualTo(100);
    assertThat(guards.activeHolds()).hasSize(1);
    List<Delivery> sent =
        new JdbcOutbox(db).claim("test", 10, Duration.ofSeconds(30), T0.plusSeconds(200));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).message().topic()).isEqualTo("signal.quarantined");
    assertThat(sent.get(0).message().payloadJson())
        .contains("\"signalId\":" + s.id())
        .contains("\"matchesLastHour\":101");
    // Later matches stay held, and the hold is announced once.
    new JdbcOutbox(db).markDelivered(sent.get(0).id(), T0.plusSeconds(201));
    assertThat(guard.observe("partner", s.id(), "item-" + (101), "default", T0.plusSeconds(101)))
        .isPresent();
    assertThat(new JdbcOutbox(db).claim("test", 10, Duration.ofSeconds(30), T0.plusSeconds(300)))
        .isEmpty();
  }

  @Test
  void flood_signalWithABusyBaseline_isHeldOnlyFarAboveIt() {
    Signal s = signal("partner", PDQ_A);
    // 50 matches an hour over the week before: the limit is 10 x 50 = 500 an hour.
    guards.addMatchCounts(
        T0.minus(Duration.ofDays(3)),
        List.of(new org.vigil.core.matcher.GuardStore.MatchCount("partner", s.id(), 50L * 168)));
    FloodGuard guard = flood(100);
    for (int i = 0; i < 500; i++) {
      assertThat(guard.observe("partner", s.id(), "item-" + (i), "default", T0.plusSeconds(i)))
          .isEmpty();
    }
    var hold = guard.observe("partner", s.id(), "item-" + (500), "default", T0.plusSeconds(500));
    assertThat(hold).isPresent();
    assertThat(hold.get().limit()).isEqualTo(500);
    assertThat(hold.get().baselinePerHour()).isEqualTo(50.0);
  }

  @Test
  void flood_matchesSpreadOverTwoServers_areHeldByTheSum() {
    Signal s = signal("partner", PDQ_A);
    FloodGuard one = flood(100);
    FloodGuard two = flood(100);
    for (int i = 0; i < 60; i++) {
      one.observe("partner", s.id(), "item-" + (i), "default", T0.plusSeconds(i));
      two.observe("partner", s.id(), "item-" + (i), "default", T0.plusSeconds(i));
    }
    assertThat(one.held("partner", s.id())).isEmpty();

    one.run(); // writes 60: still under the limit
    assertThat(one.held("partner", s.id())).isEmpty();
    two.run(); // writes 60 more: 120 over every server, held
    assertThat(two.held("partner", s.id())).isPresent();
    one.run(); // the other server picks the hold up
    assertThat(one.held("partner", s.id())).isPresent();
  }

  @Test
  void flood_released_actsAgainUntilTheNextFlood() {
    Signal s = signal("partner", PDQ_A);
    FloodGuard guard = flood(5);
    for (int i = 0; i < 6; i++) {
      guard.observe("partner", s.id(), "item-" + (i), "default", T0.plusSeconds(i));
    }
    assertThat(guard.held("partner", s.id())).isPresent();

    assertThat(guard.release("partner", s.id(), "admin")).isTrue();

    assertThat(guard.held("partner", s.id())).isEmpty();
    assertThat(guards.activeHolds()).isEmpty();
    assertThat(guard.observe("partner", s.id(), "item-" + (10), "default", T0.plusSeconds(10)))
        .isEmpty();
    assertThat(guard.release("partner", s.id(), "admin")).isFalse();
  }

  @Test
  void negativeBank_overturnedHash_isBenignInEveryBankUntilConfirmed() {
    Signal a = signal("partner", PDQ_A);
    Signal b = signal("other-list", PDQ_A);
    JdbcExchangeStore exchanges = new JdbcExchangeStore(db);
    exchanges.addOpinion(
        opinion(a, SignalOpinion.Origin.LOCAL, Opinion.Kind.FALSE_POSITIVE, T0, "case_1"), T0);
    NegativeBank negative = new NegativeBank(guards, clock);
    MatchGuards screen = new MatchGuards(negative, flood(100), guards);
    negative.poll();

    var inOther = screen.screen(match(b), "upload", "default", T0);

    assertThat(inOther).isInstanceOf(BenignMatch.class);
    BenignMatch benign = (BenignMatch) inOther;
    assertThat(benign.reason())
        .contains("moderator-1")
        .contains("case_1")
        .contains("false positive");
    assertThat(benign.bank()).isEqualTo("other-list");

    // A later confirmation (a moderator restricted on another case) undoes it.
    clock.set(T0.plusSeconds(60));
    exchanges.addOpinion(
        opinion(
            a, SignalOpinion.Origin.LOCAL, Opinion.Kind.TRUE_POSITIVE, T0.plusSeconds(60), "c2"),
        T0.plusSeconds(60));
    negative.poll();
    assertThat(screen.screen(match(b), "upload", "default", T0.plusSeconds(61)))
        .isInstanceOf(HashMatch.class);
  }

  @Test
  void negativeBank_exchangesOpinionCounts_unlessOursSaysOtherwise() {
    Signal a = signal("partner", PDQ_A);
    JdbcExchangeStore exchanges = new JdbcExchangeStore(db);
    NegativeBank negative = new NegativeBank(guards, clock);
    MatchGuards screen = new MatchGuards(negative, flood(100), guards);
    exchanges.addOpinion(
        opinion(a, SignalOpinion.Origin.EXCHANGE, Opinion.Kind.FALSE_POSITIVE, T0, null), T0);
    negative.poll();
    BenignMatch benign = (BenignMatch) screen.screen(match(a), "upload", "default", T0);
    assertThat(benign.origin()).isEqualTo("exchange");
    assertThat(benign.reason()).contains("by exchange te");

    // Our own moderator confirmed it earlier than the exchange spoke: ours still decides.
    exchanges.addOpinion(
        opinion(
            a, SignalOpinion.Origin.LOCAL, Opinion.Kind.TRUE_POSITIVE, T0.minusSeconds(60), "c"),
        T0);
    negative.poll();
    assertThat(screen.screen(match(a), "upload", "default", T0)).isInstanceOf(HashMatch.class);
  }

  @Test
  void negativeBank_opinionInAFetchedPage_isRecordedOnceAndMakesTheHashBenign() {
    banks.insert(new Bank("te-bank", "", 31, BankAction.BLOCK, true, T0, T0));
    JdbcExchangeStore exchanges = new JdbcExchangeStore(db);
    org.vigil.core.banks.exchanges.ExchangeConfig te =
        new org.vigil.core.banks.exchanges.ExchangeConfig(
            "te",
            "default",
            "threatexchange",
            "te-bank",
            java.net.URI.create("https://graph.example/v21.0"),
            null,
            null,
            true,
            Map.of(),
            T0,
            T0);
    exchanges.create(
        te,
        java.util.Optional.empty(),
        new org.vigil.core.audit.AuditEvent("t", "exchange.create", "exchange:te", "{}"));
    org.vigil.core.banks.exchanges.Delta page =
        new org.vigil.core.banks.exchanges.Delta.Upsert(
            SignalType.PDQ,
            PDQ_A,
            "11",
            List.of(),
            List.of(),
            T0,
            List.of(new Opinion(Opinion.Kind.FALSE_POSITIVE, null, List.of(), "member:777", T0)));
    for (int i = 0; i < 2; i++) { // a resumed fetch applies the page again
      exchanges.apply(
          te,
          List.of(page),
          T0,
          new org.vigil.core.audit.AuditEvent("t", "exchange.fetch.page", "exchange:te", "{}"));
    }

    assertThat(exchanges.opinions(SignalType.PDQ, PDQ_A)).hasSize(1);
    NegativeBank negative = new NegativeBank(guards, clock);
    negative.poll();
    Signal fetched = banks.listSignals("te-bank", 0, 10).get(0);
    var screened =
        new MatchGuards(negative, flood(100), guards)
            .screen(match(fetched), "upload", "default", T0);
    assertThat(screened).isInstanceOf(BenignMatch.class);
    assertThat(((BenignMatch) screened).exchange()).isEqualTo("te");
  }

  @Test
  void screen_heldSignal_becomesAHeldMatch() {
    Signal a = signal("partner", PDQ_A);
    NegativeBank negative = new NegativeBank(guards, clock);
    MatchGuards screen = new MatchGuards(negative, flood(2), guards);
    screen.screen(match(a), "upload-1", "default", T0);
    screen.screen(match(a), "upload-2", "default", T0);
    // The same upload again is not another item.
    assertThat(screen.screen(match(a), "upload-2", "default", T0)).isInstanceOf(HashMatch.class);

    var third = screen.screen(match(a), "upload-3", "default", T0);

    assertThat(third).isInstanceOf(HeldMatch.class);
    assertThat(((HeldMatch) third).bankAction()).isEqualTo("block");
    assertThat(((HeldMatch) third).reason()).contains("matched 3 items");
  }

  @Test
  void decisionLog_opinionsInACommit_areStoredWithTheDecision() {
    Signal a = signal("partner", PDQ_A);
    JdbcDecisionLog log = new JdbcDecisionLog(db);
    DecisionRecord record =
        new DecisionRecord(
            "dec_0190000000000000000000000000000a",
            "default",
            DecisionKind.CONTENT,
            "post-1",
            List.of(),
            null,
            List.of(),
            Verdict.ALLOW,
            List.of(),
            "moderator-1",
            T0,
            Map.of(),
            "case_1",
            List.of());

    log.append(
        new DecisionCommit(
            record,
            List.of(),
            List.of(),
            List.of(
                opinion(
                    a, SignalOpinion.Origin.LOCAL, Opinion.Kind.FALSE_POSITIVE, T0, "case_1"))));

    List<SignalOpinion> stored = new JdbcExchangeStore(db).opinions(SignalType.PDQ, PDQ_A);
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).caseId()).isEqualTo("case_1");
    assertThat(stored.get(0).opinion().kind()).isEqualTo(Opinion.Kind.FALSE_POSITIVE);
    assertThat(Json.MAPPER.valueToTree(stored.get(0)).toString()).contains("moderator-1");
  }
}
