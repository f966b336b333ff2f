package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.audit.AuditVerifier;
import org.vigil.core.auth.ApiKeyRecord;
import org.vigil.core.auth.Role;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankAction;
import org.vigil.core.banks.NewSignal;
import org.vigil.core.banks.Signal;
import org.vigil.core.banks.SignalType;

/** Every store, against a real PostgreSQL server. */
class StoresTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00.123Z");
  private static final String PDQ =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  static List<TestDatabases.Kind> databases() {
    return TestDatabases.all();
  }

  private static Bank bank(String name) {
    return new Bank(name, "test bank", 31, BankAction.BLOCK, true, T0, T0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void bankStore_crud_roundTripsAndRejectsDuplicates(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcBankStore store = new JdbcBankStore(db);
      assertThat(store.insert(bank("alpha"))).isTrue();
      assertThat(store.insert(bank("alpha"))).isFalse();
      assertThat(store.find("alpha")).contains(bank("alpha"));
      Bank changed =
          new Bank("alpha", "changed", 12, BankAction.LABEL, false, T0, T0.plusSeconds(5));
      assertThat(store.update(changed)).isTrue();
      assertThat(store.find("alpha")).contains(changed);
      assertThat(store.update(bank("missing"))).isFalse();
      assertThat(store.list()).extracting(Bank::name).containsExactly("alpha");
      assertThat(store.delete("alpha")).isTrue();
      assertThat(store.delete("alpha")).isFalse();
      assertThat(store.find("alpha")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void signals_addBatchWithDuplicates_countsOnlyNewAndStreamsInOrder(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcBankStore store = new JdbcBankStore(db);
      store.insert(bank("b"));
      Signal first =
          store.addSignal("b", new NewSignal(SignalType.PDQ, PDQ, "x1", "src", "cat"), T0);
      Signal again =
          store.addSignal("b", new NewSignal(SignalType.PDQ, PDQ, "x2", "src", "cat"), T0);
      assertThat(again.id()).isEqualTo(first.id());
      assertThat(again.externalId()).isEqualTo("x1");

      List<NewSignal> batch = new ArrayList<>();
      for (int i = 0; i < 2500; i++) {
        batch.add(new NewSignal(SignalType.MD5, String.format("%032x", i), "e" + i, null, null));
      }
      batch.add(new NewSignal(SignalType.PDQ, PDQ, "dup", null, null));
      assertThat(store.addSignals("b", batch, T0)).isEqualTo(2500);
      assertThat(store.addSignals("b", batch.subList(0, 10), T0)).isZero();
      assertThat(store.countSignals("b")).isEqualTo(2501);

      List<Long> ids = new ArrayList<>();
      store.forEachSignal("b", s -> ids.add(s.id()));
      assertThat(ids).hasSize(2501).isSorted();
      List<Signal> page = store.listSignals("b", first.id(), 3);
      assertThat(page).hasSize(3).allSatisfy(s -> assertThat(s.id()).isGreaterThan(first.id()));

      assertThat(store.removeSignal("b", first.id())).isTrue();
      assertThat(store.removeSignal("b", first.id())).isFalse();
      assertThat(store.findSignal("b", first.id())).isEmpty();
      assertThat(store.delete("b")).isTrue();
      assertThat(store.countSignals("b")).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void auditStore_appendAndTamper_verifierFindsFirstBrokenEntry(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAuditStore store = new JdbcAuditStore(db);
      for (int i = 0; i < 5; i++) {
        store.append(
            new AuditEvent("key:a", "test.event", "thing:" + i, "{\"n\":" + i + "}"),
            T0.plusMillis(i));
      }
      assertThat(new AuditVerifier(store).verify().intact()).isTrue();
      assertThat(new AuditVerifier(store).verify().checked()).isEqualTo(5);
      assertThat(store.latest(2, null)).extracting(e -> e.seq()).containsExactly(5L, 4L);
      assertThat(store.latest(10, "thing:3")).hasSize(1);

      Jdbi jdbi = db.jdbi();
      jdbi.useHandle(h -> h.execute("UPDATE audit_log SET details = '{\"n\":99}' WHERE seq = 3"));
      AuditVerifier.Result result = new AuditVerifier(store).verify();
      assertThat(result.intact()).isFalse();
      assertThat(result.firstBreak().orElseThrow().seq()).isEqualTo(3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void auditStore_tailDeleted_verifierReportsMissingEntries(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcAuditStore store = new JdbcAuditStore(db);
      for (int i = 0; i < 3; i++) {
        store.append(new AuditEvent("system", "test.event", "s", "{}"), T0);
      }
      db.jdbi().useHandle(h -> h.execute("DELETE FROM audit_log WHERE seq = 3"));
      AuditVerifier.Result result = new AuditVerifier(store).verify();
      assertThat(result.intact()).isFalse();
      assertThat(result.firstBreak().orElseThrow().reason()).contains("missing at the end");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void apiKeyStore_insertRevoke_tracksActiveAdmins(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcApiKeyStore store = new JdbcApiKeyStore(db);
      assertThat(store.hasActiveAdmin()).isFalse();
      ApiKeyRecord key = new ApiKeyRecord("k1", Role.ADMIN, "first", "a".repeat(64), T0, null);
      store.insert(key);
      assertThat(store.findById("k1")).contains(key);
      assertThat(store.hasActiveAdmin()).isTrue();
      assertThat(store.revoke("k1", T0.plusSeconds(1))).isTrue();
      assertThat(store.revoke("k1", T0.plusSeconds(2))).isFalse();
      assertThat(store.findById("k1").orElseThrow().isActive()).isFalse();
      assertThat(store.hasActiveAdmin()).isFalse();
    }
  }
}
