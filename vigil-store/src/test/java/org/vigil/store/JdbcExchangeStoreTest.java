package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankAction;
import org.vigil.core.banks.BankChange;
import org.vigil.core.banks.NewSignal;
import org.vigil.core.banks.Signal;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.AppliedPage;
import org.vigil.core.banks.exchanges.CredentialsRef;
import org.vigil.core.banks.exchanges.Delta;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeState;
import org.vigil.core.banks.exchanges.FetchCounts;
import org.vigil.core.banks.exchanges.Opinion;
import org.vigil.core.banks.exchanges.SignalOpinion;
import org.vigil.core.banks.exchanges.SignalProvenance;
import org.vigil.core.evidence.SealedItem;

/** Exchanges, provenance and opinions (V140) against a real PostgreSQL server. */
class JdbcExchangeStoreTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final AuditEvent AUDIT = new AuditEvent("system", "exchange.test", "x", "{}");

  private Database db;
  private JdbcBankStore banks;
  private JdbcExchangeStore store;

  @BeforeEach
  void open() {
    db = TestDatabases.freshPostgres();
    banks = new JdbcBankStore(db);
    store = new JdbcExchangeStore(db);
    banks.insert(new Bank("feed", "", 31, BankAction.REVIEW, true, T0, T0));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static ExchangeConfig config(String name, String tenant) {
    return new ExchangeConfig(
        name,
        tenant,
        "url",
        "feed",
        URI.create("https://lists.example/" + name + ".csv"),
        CredentialsRef.NONE,
        Duration.ofMinutes(15),
        true,
        Map.of("format", "csv"),
        T0,
        T0);
  }

  private static String pdq(int i) {
    return String.format("%064x", 0x1234_5678_9abcL * (i + 1));
  }

  private static Delta.Upsert upsert(int i, String externalId, String... categories) {
    return new Delta.Upsert(
        SignalType.PDQ, pdq(i), externalId, List.of(categories), List.of("t" + i), T0);
  }

  @Test
  void create_thenFindListAndCredentials_scopedToTheTenant() {
    SealedItem sealed = new SealedItem(new byte[] {1, 2, 3}, new byte[] {4, 5});
    ExchangeConfig stored =
        new ExchangeConfig(
            "ncmec-main",
            "acme",
            "ncmec",
            "feed",
            URI.create("https://hashsharing.example/v2"),
            CredentialsRef.STORED,
            Duration.ofHours(2),
            false,
            Map.of(),
            T0,
            T0);
    assertThat(store.create(stored, Optional.of(sealed), AUDIT)).isTrue();
    assertThat(store.create(config("ncmec-main", "other"), Optional.empty(), AUDIT)).isFalse();
    assertThat(store.create(config("plain", "other"), Optional.empty(), AUDIT)).isTrue();

    assertThat(store.find("acme", "ncmec-main")).contains(stored);
    assertThat(store.find("other", "ncmec-main")).isEmpty();
    assertThat(store.list("acme")).extracting(ExchangeConfig::name).containsExactly("ncmec-main");
    assertThat(store.listAll())
        .extracting(ExchangeConfig::name)
        .containsExactly("ncmec-main", "plain");
    SealedItem back = store.sealedCredentials("ncmec-main").orElseThrow();
    assertThat(back.wrappedKey()).containsExactly(1, 2, 3);
    assertThat(back.ciphertext()).containsExactly(4, 5);
    assertThat(store.sealedCredentials("plain")).isEmpty();

    assertThat(store.delete("other", "ncmec-main", AUDIT, T0)).isFalse();
    assertThat(store.delete("acme", "ncmec-main", AUDIT, T0)).isTrue();
    assertThat(store.find("acme", "ncmec-main")).isEmpty();
  }

  @Test
  void apply_samePageTwice_addsOnceWithChangeEntriesAndProvenance() {
    ExchangeConfig x = config("partner", "default");
    store.create(x, Optional.empty(), AUDIT);
    long before = banks.lastChangeSeq();
    List<Delta> page = List.of(upsert(1, "e1", "A1"), upsert(2, "e2", "B1"));

    AppliedPage first = store.apply(x, page, T0, AUDIT);
    AppliedPage again = store.apply(x, page, T0.plusSeconds(5), AUDIT);

    assertThat(first.counts()).isEqualTo(new FetchCounts(2, 0, 0, 0));
    assertThat(first.changes())
        .extracting(BankChange::kind)
        .containsExactly(BankChange.Kind.SIGNAL_ADD, BankChange.Kind.SIGNAL_ADD);
    assertThat(banks.changesAfter(before, 10)).containsExactlyElementsOf(first.changes());
    assertThat(again.counts()).isEqualTo(FetchCounts.ZERO);
    assertThat(again.changes()).isEmpty();
    assertThat(store.state("partner").total()).isEqualTo(new FetchCounts(2, 0, 0, 0));
    assertThat(banks.countSignals("feed")).isEqualTo(2);
    Signal signal = banks.listSignals("feed", 0, 10).get(0);
    assertThat(signal.source()).isEqualTo("exchange:partner");
    assertThat(signal.category()).isEqualTo("A1");
    assertThat(store.provenance("feed", signal.id()))
        .containsExactly(
            new SignalProvenance(
                signal.id(), "feed", "partner", "e1", List.of("A1"), List.of("t1"), T0, T0));
  }

  @Test
  void apply_changedMetadata_countsUpdated() {
    ExchangeConfig x = config("partner", "default");
    store.create(x, Optional.empty(), AUDIT);
    store.apply(x, List.of(upsert(1, "e1", "A1")), T0, AUDIT);

    AppliedPage page = store.apply(x, List.of(upsert(1, "e1", "A2")), T0, AUDIT);

    assertThat(page.counts()).isEqualTo(new FetchCounts(0, 1, 0, 0));
    assertThat(page.changes()).isEmpty();
    assertThat(store.provenanceByExternalId("partner", "e1"))
        .singleElement()
        .extracting(SignalProvenance::categories)
        .isEqualTo(List.of("A2"));
  }

  @Test
  void apply_deletes_removeExchangeSignalsButKeepHandAddedAndOtherExchangesHashes() {
    ExchangeConfig a = config("a", "default");
    ExchangeConfig b = config("b", "default");
    store.create(a, Optional.empty(), AUDIT);
    store.create(b, Optional.empty(), AUDIT);
    Signal manual =
        banks.addSignal("feed", new NewSignal(SignalType.PDQ, pdq(3), null, "hand", null), T0);
    store.apply(a, List.of(upsert(1, "e1"), upsert(2, "e2"), upsert(3, "e3")), T0, AUDIT);
    store.apply(b, List.of(upsert(2, "other-2")), T0, AUDIT);

    AppliedPage deleted =
        store.apply(
            a,
            List.of(
                Delta.Delete.byExternalId("e1"),
                Delta.Delete.byValue(SignalType.PDQ, pdq(2)),
                Delta.Delete.byExternalId("e3"),
                Delta.Delete.byExternalId("never-seen")),
            T0,
            AUDIT);

    assertThat(deleted.counts()).isEqualTo(new FetchCounts(0, 0, 3, 0));
    // Only pdq(1) leaves: pdq(2) is still held by exchange b, pdq(3) was added by hand.
    assertThat(deleted.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.kind()).isEqualTo(BankChange.Kind.SIGNAL_REMOVE));
    List<String> left = new ArrayList<>();
    banks.forEachSignal("feed", s -> left.add(s.value()));
    assertThat(left).containsExactlyInAnyOrder(pdq(2), pdq(3));
    assertThat(store.provenance("feed", manual.id())).isEmpty();
    assertThat(store.apply(a, List.of(Delta.Delete.byExternalId("e1")), T0, AUDIT).counts())
        .isEqualTo(FetchCounts.ZERO);
  }

  @Test
  void removeUnseen_withdrawsWhatTheCompleteListNoLongerNames() {
    ExchangeConfig x = config("list", "default");
    store.create(x, Optional.empty(), AUDIT);
    store.apply(x, List.of(upsert(1, "e1"), upsert(2, "e2"), upsert(3, "e3")), T0, AUDIT);
    Instant second = T0.plusSeconds(60);
    store.apply(x, List.of(upsert(1, "e1"), upsert(3, "e3")), second, AUDIT);

    AppliedPage removed = store.removeUnseen(x, second, AUDIT);

    assertThat(removed.counts().removed()).isEqualTo(1);
    List<String> left = new ArrayList<>();
    banks.forEachSignal("feed", s -> left.add(s.value()));
    assertThat(left).containsExactlyInAnyOrder(pdq(1), pdq(3));
  }

  @Test
  void apply_largePage_writesOneBankReload() {
    ExchangeConfig x = config("big", "default");
    store.create(x, Optional.empty(), AUDIT);
    List<Delta> page = new ArrayList<>();
    for (int i = 0; i <= JdbcExchangeStore.RELOAD_ABOVE; i++) {
      page.add(upsert(i, "e" + i));
    }

    AppliedPage applied = store.apply(x, page, T0, AUDIT);

    assertThat(applied.counts().added()).isEqualTo(JdbcExchangeStore.RELOAD_ABOVE + 1L);
    assertThat(applied.changes())
        .singleElement()
        .extracting(BankChange::kind)
        .isEqualTo(BankChange.Kind.BANK_RELOAD);
  }

  @Test
  void state_pagesFailureAndSuccess_areRecorded() {
    store.create(config("x", "default"), Optional.empty(), AUDIT);
    assertThat(store.state("x")).isEqualTo(ExchangeState.initial("x"));

    store.fetchStarted("x", T0);
    store.pageDone("x", "cp-1", new FetchCounts(3, 1, 0, 2), T0);
    store.pageDone("x", "cp-2", new FetchCounts(1, 0, 1, 0), T0);
    store.fetchFailed("x", "HTTP 401: the exchange refused the credentials", T0.plusSeconds(1));
    ExchangeState failed = store.state("x");
    assertThat(failed.checkpoint()).isEqualTo("cp-2");
    assertThat(failed.last()).isEqualTo(new FetchCounts(4, 1, 1, 2));
    assertThat(failed.lastError()).contains("401");
    assertThat(failed.lastSuccessAt()).isNull();

    store.fetchStarted("x", T0.plusSeconds(10));
    store.pageDone("x", "cp-3", new FetchCounts(1, 0, 0, 0), T0);
    store.fetchSucceeded("x", T0.plusSeconds(11));
    ExchangeState ok = store.state("x");
    assertThat(ok.last()).isEqualTo(new FetchCounts(1, 0, 0, 0));
    assertThat(ok.total()).isEqualTo(new FetchCounts(5, 1, 1, 2));
    assertThat(ok.lastError()).isNull();
    assertThat(ok.lastSuccessAt()).isEqualTo(T0.plusSeconds(11));
    assertThat(ok.lastFetchAt()).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void opinions_storedByHash_acrossBanksAndOrigins() {
    Opinion ours = new Opinion(Opinion.Kind.FALSE_POSITIVE, "A1", List.of("benign"), "key:m", T0);
    Opinion theirs = new Opinion(Opinion.Kind.TRUE_POSITIVE, null, List.of(), "member-9", T0);
    SignalOpinion local =
        store.addOpinion(
            new SignalOpinion(
                0,
                "default",
                SignalType.PDQ,
                pdq(1),
                "feed",
                7L,
                "partner",
                SignalOpinion.Origin.LOCAL,
                ours,
                "case_1",
                "dec_1"),
            T0);
    store.addOpinion(
        new SignalOpinion(
            0,
            "default",
            SignalType.PDQ,
            pdq(1),
            null,
            null,
            "partner",
            SignalOpinion.Origin.EXCHANGE,
            theirs,
            null,
            null),
        T0);
    store.addOpinion(
        new SignalOpinion(
            0,
            "default",
            SignalType.PDQ,
            pdq(2),
            null,
            null,
            null,
            SignalOpinion.Origin.LOCAL,
            ours,
            null,
            null),
        T0);

    List<SignalOpinion> found = store.opinions(SignalType.PDQ, pdq(1));

    assertThat(local.id()).isPositive();
    assertThat(found).hasSize(2);
    assertThat(found.get(0)).isEqualTo(local);
    assertThat(found.get(1).origin()).isEqualTo(SignalOpinion.Origin.EXCHANGE);
    assertThat(found.get(1).opinion()).isEqualTo(theirs);
  }
}
