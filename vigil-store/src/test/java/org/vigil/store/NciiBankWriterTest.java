package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankAction;
import org.vigil.core.banks.BankChange;
import org.vigil.core.banks.BankStore;
import org.vigil.core.banks.NewSignal;
import org.vigil.core.banks.Signal;
import org.vigil.core.banks.SignalType;
import org.vigil.core.review.NciiBankWriter;
import org.vigil.core.review.NciiBanking;

/**
 * The ncii bank writer (the {@code ncii_bank} outbox consumer's work) on a real PostgreSQL: every
 * step survives being interrupted and repeated, a reversal takes out only what the reversed removal
 * alone holds, and a reversal that overtakes its addition wins.
 */
class NciiBankWriterTest {

  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
  private static final String X = "a".repeat(64);
  private static final String Y = "b".repeat(32);
  private static final String Z = "c".repeat(64);

  private static OutboxMessage add(String decisionId, String caseId, String... typeValue) {
    return addFor("default", "ncii", decisionId, caseId, typeValue);
  }

  private static OutboxMessage addFor(
      String tenant, String bank, String decisionId, String caseId, String... typeValue) {
    StringBuilder hashes = new StringBuilder();
    for (int i = 0; i < typeValue.length; i += 2) {
      hashes
          .append(hashes.length() == 0 ? "" : ",")
          .append("{\"type\":\"")
          .append(typeValue[i])
          .append("\",\"value\":\"")
          .append(typeValue[i + 1])
          .append("\"}");
    }
    return new OutboxMessage(
        "msg_" + decisionId + ":" + NciiBanking.ADD,
        tenant,
        NciiBanking.ADD,
        "case:" + caseId,
        "{\"bank\":\""
            + bank
            + "\",\"caseId\":\""
            + caseId
            + "\",\"decisionId\":\""
            + decisionId
            + "\",\"hashes\":["
            + hashes
            + "]}",
        T0);
  }

  private static OutboxMessage remove(String reverses, String caseId) {
    return new OutboxMessage(
        "msg_dec_restore_" + reverses + ":" + NciiBanking.REMOVE,
        "default",
        NciiBanking.REMOVE,
        "case:" + caseId,
        "{\"caseId\":\""
            + caseId
            + "\",\"decisionId\":\"dec_restore_"
            + reverses
            + "\",\"reverses\":\""
            + reverses
            + "\"}",
        T0);
  }

  private static List<String> signals(BankStore banks) {
    List<String> out = new ArrayList<>();
    banks.forEachSignal("ncii", s -> out.add(s.type().wireName() + ":" + s.value()));
    return out;
  }

  private static List<BankChange> changes(BankStore banks) {
    return banks.changesAfter(0, 1000);
  }

  @Test
  void apply_diesAfterTheSignalBeforeItsLogAndLedger_retryFinishesOnce() {
    Database db = TestDatabases.freshPostgres();
    JdbcBankStore real = new JdbcBankStore(db);
    AtomicBoolean crash = new AtomicBoolean(true);
    // The process "dies" right after the signal row is committed, before its change-log entry.
    BankStore dying =
        (BankStore)
            Proxy.newProxyInstance(
                BankStore.class.getClassLoader(),
                new Class<?>[] {BankStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("recordChange")
                      && args[1] == BankChange.Kind.SIGNAL_ADD
                      && crash.getAndSet(false)) {
                    throw new IllegalStateException("killed");
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    List<BankChange> applied = new ArrayList<>();
    NciiBankWriter writer =
        new NciiBankWriter(
            dying,
            new JdbcNciiLedger(db),
            new AuditLog(new JdbcAuditStore(db), Clock.fixed(T0, ZoneOffset.UTC)),
            applied::addAll,
            Clock.fixed(T0, ZoneOffset.UTC));
    OutboxMessage message = add("dec_1", "case_1", "pdq", X, "md5", Y);

    assertThatThrownBy(() -> writer.apply(message)).hasMessageContaining("killed");
    assertThat(signals(real)).containsExactly("pdq:" + X); // stored, but nobody was told
    assertThat(real.find("ncii").orElseThrow().action()).isEqualTo(BankAction.BLOCK);
    // Created private to the removing tenant: it blocks that tenant's uploads only.
    assertThat(real.find("ncii").orElseThrow().tenant()).isEqualTo("default");

    NciiBankWriter.Outcome retry = writer.apply(message);
    assertThat(retry.added()).isEqualTo(1); // md5 is new; pdq was already there
    assertThat(retry.held()).isEqualTo(2);
    assertThat(signals(real)).containsExactlyInAnyOrder("pdq:" + X, "md5:" + Y);
    // Both additions reach the change log, so every server applies them.
    assertThat(changes(real))
        .filteredOn(c -> c.kind() == BankChange.Kind.SIGNAL_ADD)
        .extracting(BankChange::signalType)
        .containsExactlyInAnyOrder(SignalType.PDQ, SignalType.MD5);
    assertThat(new JdbcNciiLedger(db).held("default", "dec_1")).hasSize(2);
    // This server's matcher is given exactly what was logged.
    List<BankChange> all = changes(real);
    assertThat(all.get(0).kind()).isEqualTo(BankChange.Kind.BANK_PUT); // logged before the "crash"
    assertThat(applied).containsExactlyElementsOf(all.subList(1, all.size()));
    assertThat(applied)
        .extracting(BankChange::kind)
        .containsExactly(BankChange.Kind.SIGNAL_ADD, BankChange.Kind.SIGNAL_ADD);

    // Each attempt's rows came with their audit entries: the crashed one's pdq, the retry's two.
    JdbcAuditStore audits = new JdbcAuditStore(db);
    assertThat(audits.latest(20, "bank:ncii"))
        .extracting(org.vigil.core.audit.AuditEntry::action)
        .containsExactlyInAnyOrder(
            "bank.create", "bank.signal.add", "ncii.bank.hold", "bank.signal.add");

    // Delivered again (at least once): nothing new, nothing logged.
    int logged = changes(real).size();
    NciiBankWriter.Outcome again = writer.apply(message);
    assertThat(again.added()).isZero();
    assertThat(again.logged()).isZero();
    assertThat(changes(real)).hasSize(logged);
    assertThat(signals(real)).hasSize(2);
  }

  @Test
  void remove_takesOutOnlyWhatTheReversedRemovalAloneHeld() {
    Database db = TestDatabases.freshPostgres();
    JdbcBankStore banks = new JdbcBankStore(db);
    JdbcNciiLedger ledger = new JdbcNciiLedger(db);
    JdbcAuditStore auditStore = new JdbcAuditStore(db);
    NciiBankWriter writer =
        new NciiBankWriter(
            banks,
            ledger,
            new AuditLog(auditStore, Clock.fixed(T0, ZoneOffset.UTC)),
            changes -> {},
            Clock.fixed(T0, ZoneOffset.UTC));
    // An operator's signal in the bank before any ncii removal.
    banks.insert(new Bank("ncii", "", 31, BankAction.BLOCK, true, T0, T0));
    Signal operators =
        banks.addSignal("ncii", new NewSignal(SignalType.PDQ, X, null, "operator", null), T0);

    writer.apply(add("dec_a", "case_a", "pdq", X, "md5", Y));
    writer.apply(add("dec_b", "case_b", "md5", Y, "sha256", Z));
    assertThat(signals(banks)).containsExactlyInAnyOrder("pdq:" + X, "md5:" + Y, "sha256:" + Z);

    NciiBankWriter.Outcome a = writer.apply(remove("dec_a", "case_a"));
    assertThat(a.removed()).isZero(); // X was the operator's, Y is still held by dec_b
    assertThat(signals(banks)).containsExactlyInAnyOrder("pdq:" + X, "md5:" + Y, "sha256:" + Z);
    assertThat(ledger.reversed("default", "dec_a")).isTrue();

    NciiBankWriter.Outcome b = writer.apply(remove("dec_b", "case_b"));
    assertThat(b.removed()).isEqualTo(2);
    assertThat(signals(banks)).containsExactly("pdq:" + X);
    assertThat(banks.findSignal("ncii", operators.id())).isPresent();
    assertThat(changes(banks))
        .filteredOn(c -> c.kind() == BankChange.Kind.SIGNAL_REMOVE)
        .hasSize(2);
    assertThat(auditStore.latest(20, "bank:ncii"))
        .filteredOn(e -> e.action().equals("bank.signal.remove"))
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.actor()).isEqualTo(NciiBankWriter.SYSTEM);
              assertThat(e.detailsJson()).contains("dec_restore_dec_b", "case_b");
            });

    // The reversal delivered again: nothing left to take out, no failure.
    assertThat(writer.apply(remove("dec_b", "case_b")).removed()).isZero();
  }

  @Test
  void add_afterItsReversal_addsNothing() {
    Database db = TestDatabases.freshPostgres();
    JdbcBankStore banks = new JdbcBankStore(db);
    NciiBankWriter writer =
        new NciiBankWriter(
            banks,
            new JdbcNciiLedger(db),
            new AuditLog(new JdbcAuditStore(db), Clock.fixed(T0, ZoneOffset.UTC)),
            changes -> {},
            Clock.fixed(T0, ZoneOffset.UTC));
    // The addition failed and waits for its retry; the restore's removal is delivered first.
    writer.apply(remove("dec_c", "case_c"));
    NciiBankWriter.Outcome late = writer.apply(add("dec_c", "case_c", "sha256", Z));
    assertThat(late.held()).isZero();
    assertThat(banks.find("ncii")).isEmpty();
  }

  @Test
  void apply_notAnNciiMessage_refusedAsNeverDeliverable() {
    Database db = TestDatabases.freshPostgres();
    NciiBankWriter writer =
        new NciiBankWriter(
            new JdbcBankStore(db),
            new JdbcNciiLedger(db),
            new AuditLog(new JdbcAuditStore(db), Clock.fixed(T0, ZoneOffset.UTC)),
            changes -> {},
            Clock.fixed(T0, ZoneOffset.UTC));
    assertThatThrownBy(
            () ->
                writer.apply(
                    new OutboxMessage("msg_x", "default", "review.decided", null, "{}", T0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> writer.apply(add("dec_d", "case_d", "gif", "00")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void add_bankPrivateToAnotherTenant_failsAndWritesNothing() {
    Database db = TestDatabases.freshPostgres();
    JdbcBankStore banks = new JdbcBankStore(db);
    JdbcNciiLedger ledger = new JdbcNciiLedger(db);
    NciiBankWriter writer =
        new NciiBankWriter(
            banks,
            ledger,
            new AuditLog(new JdbcAuditStore(db), Clock.fixed(T0, ZoneOffset.UTC)),
            changes -> {},
            Clock.fixed(T0, ZoneOffset.UTC));
    // Tenant c made a bank under forum-b's ncii bank's name before the name was kept for forum-b.
    banks.insert(
        new Bank("ncii-forum-b", "", 31, BankAction.REVIEW, true, T0, T0, null, "forum-c"));

    // A failure (retried with backoff), never a write into the other tenant's bank.
    assertThatThrownBy(
            () -> writer.apply(addFor("forum-b", "ncii-forum-b", "dec_e", "case_e", "sha256", Z)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("private to tenant 'forum-c'");
    assertThat(banks.countSignals("ncii-forum-b")).isZero();
    assertThat(ledger.held("forum-b", "dec_e")).isEmpty();

    // A bank the operator shared deliberately under that name is filled as found.
    banks.insert(new Bank("ncii-forum-e", "", 31, BankAction.BLOCK, true, T0, T0));
    assertThat(
            writer.apply(addFor("forum-e", "ncii-forum-e", "dec_f", "case_f", "sha256", Z)).added())
        .isEqualTo(1);
    assertThat(banks.find("ncii-forum-e").orElseThrow().tenant()).isNull();
    // A missing one is created private to the tenant.
    writer.apply(addFor("forum-f", "ncii-forum-f", "dec_g", "case_g", "sha256", Z));
    assertThat(banks.find("ncii-forum-f").orElseThrow().tenant()).isEqualTo("forum-f");
  }
}
