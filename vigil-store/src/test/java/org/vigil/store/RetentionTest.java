package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.audit.AuditEntry;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.audit.AuditPrunings;
import org.vigil.core.audit.AuditSigningKey;
import org.vigil.core.audit.AuditStore;
import org.vigil.core.audit.AuditVerifier;
import org.vigil.core.records.RetentionJob;
import org.vigil.core.records.RetentionStore;

/**
 * Retention of decision records on a real PostgreSQL: what expires, what is held, what is audited.
 */
class RetentionTest {

  private static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");

  private static void decision(Database db, String id, String verdict, Instant at, String subject) {
    db.groupCommitter()
        .append(
            new GroupCommitter.Entry(
                new GroupCommitter.DecisionRow(
                    id, at, verdict, "{}", "default", "content", subject, "v1"),
                List.of(),
                List.of(new AuditEvent("key:t", "scan.decide", "decision:" + id, "{}")),
                List.of(),
                at));
  }

  private static List<String> ids(Database db) {
    return db.jdbi()
        .withHandle(
            h -> h.select("SELECT id FROM decisions ORDER BY id").mapTo(String.class).list());
  }

  @Test
  void prune_oldNoMatchDecisions_deletedOthersKeptHoldsRespectedAndAudited() {
    try (Database db = TestDatabases.freshPostgres()) {
      Instant old = NOW.minus(Duration.ofDays(31));
      decision(db, "dec_a_old_allow", "allow", old, "content:1");
      decision(db, "dec_b_old_block", "block", old, "content:2");
      decision(db, "dec_c_new_allow", "allow", NOW.minus(Duration.ofDays(29)), "content:3");
      decision(db, "dec_d_old_held", "allow", old, "content:held");
      decision(db, "dec_e_old_nosubject", "allow", old, null);
      JdbcRetentionStore store = new JdbcRetentionStore(db);
      store.hold("default", "content:held", "court request 123", "key:admin", NOW);
      JdbcAuditStore auditStore = new JdbcAuditStore(db);
      AuditLog audit = new AuditLog(auditStore, Clock.fixed(NOW, ZoneOffset.UTC));
      RetentionJob job =
          new RetentionJob(store, audit, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(30));

      assertThat(job.prune()).isEqualTo(2);

      assertThat(ids(db)).containsExactly("dec_b_old_block", "dec_c_new_allow", "dec_d_old_held");
      AuditEntry last = auditStore.latest(1, null).get(0);
      assertThat(last.action()).isEqualTo("retention.delete");
      assertThat(last.detailsJson()).contains("\"deleted\":2");
      assertThat(new AuditVerifier(auditStore).verify().intact()).isTrue();
      assertThat(job.prune()).isZero();
      assertThat(auditStore.latest(1, null).get(0).seq()).isEqualTo(last.seq());

      assertThat(store.release("default", "content:held")).isTrue();
      assertThat(store.release("default", "content:held")).isFalse();
      assertThat(job.prune()).isEqualTo(1);
      assertThat(ids(db)).containsExactly("dec_b_old_block", "dec_c_new_allow");
    }
  }

  private static void refusal(
      Database db, String id, Instant at, String subject, Instant orderEnds, String... codes) {
    StringBuilder rules = new StringBuilder();
    for (String code : codes) {
      rules.append(rules.length() == 0 ? "" : ",");
      rules.append("{\"rule\":\"r-").append(code).append("\",\"code\":\"").append(code);
      rules.append("\"}");
    }
    String body =
        "{\"id\":\""
            + id
            + "\",\"signals\":[{\"kind\":\"court_order\",\"orderId\":\"co_1\",\"endsAt\":\""
            + orderEnds
            + "\"}],\"firedRules\":["
            + rules
            + "],\"verdict\":\"deny\"}";
    db.groupCommitter()
        .append(
            new GroupCommitter.Entry(
                new GroupCommitter.DecisionRow(
                    id, at, "deny", body, "default", "account_action", subject, "v1"),
                List.of(),
                List.of(new AuditEvent("key:t", "decide.signup", "decision:" + id, "{}")),
                List.of(),
                at));
  }

  private static void order(Database db, String id, Instant ends, Instant revoked) {
    db.jdbi()
        .useHandle(
            h -> {
              h.createUpdate(
                      "INSERT INTO court_orders (id, court, case_ref, issued_on, starts_at,"
                          + " ends_at, order_scope, created_at, created_by, revoked_at) VALUES"
                          + " (:id, 'Court', 'PA 1/2024', DATE '2024-01-01', :starts, :ends,"
                          + " 'social_network', :starts, 'key:admin', :revoked)")
                  .bind("id", id)
                  .bind("starts", Times.write(Instant.parse("2024-01-01T00:00:00Z")))
                  .bind("ends", Times.write(ends))
                  .bind("revoked", revoked == null ? null : Times.write(revoked))
                  .execute();
              h.createUpdate(
                      "INSERT INTO court_order_denials (order_id, denied_at, denied_on, category,"
                          + " decide_action) VALUES (:id, :at, DATE '2024-06-01', 'social_network',"
                          + " 'signup')")
                  .bind("id", id)
                  .bind("at", Times.write(Instant.parse("2024-06-01T00:00:00Z")))
                  .execute();
            });
  }

  @Test
  void prune_courtOrderRefusals_deletedOnlyAfterTheOrderEndedAndItsReportingPeriod() {
    try (Database db = TestDatabases.freshPostgres()) {
      Instant longEnded = NOW.minus(Duration.ofDays(400));
      Instant recentlyEnded = NOW.minus(Duration.ofDays(100));
      Instant at = NOW.minus(Duration.ofDays(500));
      refusal(db, "dec_1_ended_long_ago", at, "u-1", longEnded, "court_order");
      refusal(db, "dec_2_ended_recently", at, "u-2", recentlyEnded, "court_order");
      refusal(db, "dec_3_also_age_rule", at, "u-3", longEnded, "court_order", "age_rule");
      refusal(db, "dec_4_held", at, "u-held", longEnded, "court_order");
      order(db, "co_long", longEnded, null);
      order(db, "co_revoked", NOW.plus(Duration.ofDays(30)), longEnded);
      order(db, "co_recent", recentlyEnded, null);
      JdbcRetentionStore store = new JdbcRetentionStore(db);
      store.hold("default", "u-held", "appeal pending", "key:admin", NOW);
      JdbcAuditStore auditStore = new JdbcAuditStore(db);
      AuditLog audit = new AuditLog(auditStore, Clock.fixed(NOW, ZoneOffset.UTC));
      RetentionJob job =
          new RetentionJob(
              store,
              audit,
              Clock.fixed(NOW, ZoneOffset.UTC),
              Duration.ofDays(30),
              Duration.ofDays(365));

      assertThat(job.prune()).isEqualTo(1);

      assertThat(ids(db))
          .containsExactly("dec_2_ended_recently", "dec_3_also_age_rule", "dec_4_held");
      List<String> countsLeft =
          db.jdbi()
              .withHandle(
                  h ->
                      h.select("SELECT order_id FROM court_order_denials ORDER BY order_id")
                          .mapTo(String.class)
                          .list());
      assertThat(countsLeft).containsExactly("co_recent");
      List<AuditEntry> last = auditStore.latest(2, null);
      assertThat(last.get(0).action()).isEqualTo("retention.delete");
      assertThat(last.get(0).subject()).isEqualTo("court_order_denials");
      assertThat(last.get(0).detailsJson()).contains("\"deleted\":2", "court order ended before");
      assertThat(last.get(1).action()).isEqualTo("retention.delete");
      assertThat(last.get(1).subject()).isEqualTo("decisions");
      assertThat(last.get(1).detailsJson()).contains("\"deleted\":1", "court order ended before");
      assertThat(new AuditVerifier(auditStore).verify().intact()).isTrue();
    }
  }

  private static List<String> auditSubjects(Database db) {
    return db.jdbi()
        .withHandle(
            h ->
                h.select("SELECT action_name || ' ' || subject FROM audit_log ORDER BY seq")
                    .mapTo(String.class)
                    .list());
  }

  /** The audit signing key of these tests: it signs the pruning entries. */
  private static final AuditSigningKey KEY = AuditSigningKey.generate();

  private static RetentionJob job(Database db, boolean pruneRecordingEntries) {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return new RetentionJob(
        new JdbcRetentionStore(db),
        new AuditLog(new JdbcAuditStore(db), clock),
        clock,
        Duration.ofDays(30),
        Duration.ofDays(365),
        pruneRecordingEntries ? KEY : null);
  }

  /** Old no-match decisions A, B, C; a block K between A and B; a held H; a new N. */
  private static void mixedHistory(Database db) {
    Instant old = NOW.minus(Duration.ofDays(31));
    decision(db, "dec_a", "allow", old, "content:a");
    decision(db, "dec_k", "block", old, "content:k");
    decision(db, "dec_b", "allow", old, "content:b");
    decision(db, "dec_c", "allow", old, "content:c");
    decision(db, "dec_h", "allow", old, "content:held");
    decision(db, "dec_n", "allow", NOW.minus(Duration.ofDays(1)), "content:n");
    new JdbcRetentionStore(db).hold("default", "content:held", "appeal", "key:admin", NOW);
  }

  @Test
  void prune_noMatchDecisions_takeTheirRecordingEntriesAndTheChainStillVerifies() {
    try (Database db = TestDatabases.freshPostgres()) {
      mixedHistory(db);
      JdbcAuditStore auditStore = new JdbcAuditStore(db);

      assertThat(job(db, true).prune()).isEqualTo(3);

      assertThat(auditSubjects(db))
          .containsExactly(
              "scan.decide decision:dec_k",
              "scan.decide decision:dec_h",
              "scan.decide decision:dec_n",
              "audit.prune audit_log",
              "retention.delete decisions");
      List<AuditEntry> prunings = auditStore.prunings();
      assertThat(prunings).hasSize(1);
      // Entries 1 (A) and 3-4 (B, C) went; K (2) stays between them.
      assertThat(prunings.get(0).detailsJson())
          .contains("\"entries\":3")
          .contains("[1,1,\"")
          .contains("[3,4,\"");
      AuditVerifier.Result result = new AuditVerifier(auditStore).verify();
      assertThat(result.firstBreak()).isEmpty();
      assertThat(result.pruned()).isEqualTo(3);
      assertThat(result.checked()).isEqualTo(5);
      AuditVerifier.Result pinned =
          new AuditVerifier(auditStore).verify(List.of(), KEY.publicKeyBase64());
      assertThat(pinned.firstBreak()).isEmpty();
      assertThat(pinned.pruned()).isEqualTo(3);
    }
  }

  @Test
  void prune_thenAnotherEntryRemoved_chainBreaksThere() {
    try (Database db = TestDatabases.freshPostgres()) {
      mixedHistory(db);
      job(db, true).prune();
      JdbcAuditStore auditStore = new JdbcAuditStore(db);

      // K (entry 2) sits between two pruned runs; removing it is not accounted for by any pruning.
      db.jdbi().useHandle(h -> h.execute("DELETE FROM audit_log WHERE subject = 'decision:dec_k'"));

      AuditVerifier.Result result = new AuditVerifier(auditStore).verify();
      assertThat(result.firstBreak()).isPresent();
      assertThat(result.firstBreak().get().seq()).isEqualTo(5);
    }
  }

  /**
   * The forgery that signing prevents: an entry deleted and a pruning entry appended that claims
   * it. The chain is self-consistent, so the plain check passes (as documented); checked against
   * the signing key, pinned or through a signed checkpoint, the forged pruning accounts for
   * nothing.
   */
  @Test
  void prune_entryDeletedAndClaimedByForgedPruning_breaksAgainstTheKey() {
    try (Database db = TestDatabases.freshPostgres()) {
      mixedHistory(db);
      job(db, true).prune();
      JdbcAuditStore auditStore = new JdbcAuditStore(db);
      db.jdbi()
          .useTransaction(
              h -> {
                AuditEntry k =
                    h.createQuery("SELECT * FROM audit_log WHERE subject = 'decision:dec_k'")
                        .map(JdbcAuditStore.ENTRY)
                        .one();
                h.execute("DELETE FROM audit_log WHERE seq = ?", k.seq());
                JdbcAuditStore.append(
                    h,
                    AuditPrunings.event(
                        List.of(new AuditPrunings.Range(k.seq(), k.seq(), k.hash())),
                        java.util.Map.of(),
                        AuditSigningKey.generate()),
                    NOW);
              });
      AuditStore.Head head = auditStore.head();

      assertThat(new AuditVerifier(auditStore).verify().intact()).isTrue();
      AuditVerifier.Result pinned =
          new AuditVerifier(auditStore).verify(List.of(), KEY.publicKeyBase64());
      assertThat(pinned.firstBreak()).isPresent();
      assertThat(pinned.firstBreak().get().seq()).isEqualTo(5);
      assertThat(pinned.firstBreak().get().reason()).contains("signed by the audit key");
      AuditVerifier.Result checkpointed =
          new AuditVerifier(auditStore)
              .verify(List.of(KEY.sign(head.seq(), head.hash(), NOW)), null);
      assertThat(checkpointed.firstBreak().map(AuditVerifier.Break::seq)).contains(5L);
    }
  }

  @Test
  void prune_pruningEntryAltered_chainBreaks() {
    try (Database db = TestDatabases.freshPostgres()) {
      mixedHistory(db);
      job(db, true).prune();

      // Claiming that K was pruned too would cover its removal, but changes the pruning entry.
      db.jdbi()
          .useHandle(
              h -> {
                h.execute(
                    "UPDATE audit_log SET details = replace(details, '[3,4,', '[2,4,') WHERE"
                        + " action_name = 'audit.prune'");
                h.execute("DELETE FROM audit_log WHERE subject = 'decision:dec_k'");
              });

      assertThat(new AuditVerifier(new JdbcAuditStore(db)).verify().intact()).isFalse();
    }
  }

  @Test
  void prune_anEntryToPruneWasAltered_deletesNothing() {
    try (Database db = TestDatabases.freshPostgres()) {
      mixedHistory(db);
      db.jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "UPDATE audit_log SET details = '{\"verdict\":\"block\"}' WHERE subject ="
                          + " 'decision:dec_b'"));
      RetentionJob job = job(db, true);

      org.assertj.core.api.Assertions.assertThatThrownBy(job::prune)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("audit entry 3 does not verify");

      assertThat(ids(db)).contains("dec_a", "dec_b", "dec_c");
      assertThat(auditSubjects(db)).contains("scan.decide decision:dec_b");
      assertThat(new AuditVerifier(new JdbcAuditStore(db)).verify().firstBreak().get().seq())
          .isEqualTo(3);
    }
  }

  @Test
  void prune_keepingRecordingEntries_deletesDecisionsOnly() {
    try (Database db = TestDatabases.freshPostgres()) {
      mixedHistory(db);

      assertThat(job(db, false).prune()).isEqualTo(3);

      assertThat(auditSubjects(db)).contains("scan.decide decision:dec_a");
      AuditVerifier.Result result = new AuditVerifier(new JdbcAuditStore(db)).verify();
      assertThat(result.intact()).isTrue();
      assertThat(result.pruned()).isZero();
    }
  }

  /**
   * A batch's audit entry is written in the batch's transaction: when it cannot be written, nothing
   * of the batch is deleted (a deletion without its record cannot be stored, even by a crash).
   */
  @Test
  void deleteDecisions_auditEntryFails_nothingDeleted() {
    try (Database db = TestDatabases.freshPostgres()) {
      mixedHistory(db);
      RetentionStore.Batch failing =
          new RetentionStore.Batch(
              5_000,
              NOW,
              deleted -> {
                throw new IllegalStateException("audit entry could not be made");
              });

      for (boolean prune : List.of(false, true)) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () ->
                    new JdbcRetentionStore(db)
                        .deleteDecisions(
                            "allow", NOW.minus(Duration.ofDays(30)), prune ? KEY : null, failing))
            .hasMessageContaining("audit entry could not be made");
      }

      assertThat(ids(db)).contains("dec_a", "dec_b", "dec_c");
      assertThat(auditSubjects(db)).contains("scan.decide decision:dec_a");
    }
  }

  /** A decision with what two shadow policies would have decided with it. */
  private static void shadowed(Database db, String id, Instant at, String subject) {
    db.groupCommitter()
        .append(
            new GroupCommitter.Entry(
                new GroupCommitter.DecisionRow(
                    id, at, "allow", "{}", "default", "content", subject, "v1"),
                List.of(
                    new GroupCommitter.ShadowRow(id, "v2", "default", at, "allow", "block"),
                    new GroupCommitter.ShadowRow(id, "v3", "default", at, "allow", "allow")),
                List.of(new AuditEvent("key:t", "scan.decide", "decision:" + id, "{}")),
                List.of(),
                at));
  }

  @Test
  void prune_deletesShadowOutcomesWithTheirDecisionOnly() {
    try (Database db = TestDatabases.freshPostgres()) {
      Instant old = NOW.minus(Duration.ofDays(31));
      shadowed(db, "dec_a_old", old, "content:1");
      shadowed(db, "dec_b_old_held", old, "content:held");
      shadowed(db, "dec_c_new", NOW.minus(Duration.ofDays(1)), "content:3");
      JdbcRetentionStore store = new JdbcRetentionStore(db);
      store.hold("default", "content:held", "court request 123", "key:admin", NOW);
      AuditLog audit = new AuditLog(new JdbcAuditStore(db), Clock.fixed(NOW, ZoneOffset.UTC));

      assertThat(
              new RetentionJob(store, audit, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(30))
                  .prune())
          .isEqualTo(1);

      List<String> shadowsLeft =
          db.jdbi()
              .withHandle(
                  h ->
                      h.select(
                              "SELECT decision_id || '/' || policy_version FROM decision_shadows"
                                  + " ORDER BY 1")
                          .mapTo(String.class)
                          .list());
      assertThat(shadowsLeft)
          .containsExactly(
              "dec_b_old_held/v2", "dec_b_old_held/v3", "dec_c_new/v2", "dec_c_new/v3");
    }
  }

  /**
   * Each retention batch deletes by index: shadow outcomes by (tenant, decision_id) (V192; by the
   * primary key (policy_version, decision_id) it read the whole table per batch), decisions by the
   * primary key (tenant, id), their recording audit entries by subject; the verifier finds the
   * pruning entries by a partial index (V193), not by reading the log twice.
   */
  @Test
  void prune_deletesByIndex() {
    try (Database db = TestDatabases.freshPostgres()) {
      db.jdbi()
          .useHandle(
              h -> {
                QueryPlans.preferIndexesAndGenericPlans(h);
                h.execute(
                    "PREPARE shadows(text[], text[]) AS "
                        + JdbcRetentionStore.DELETE_SHADOWS
                            .replace(":tenants", "$1")
                            .replace(":ids", "$2"));
                h.execute(
                    "PREPARE decisions(text[], text[]) AS "
                        + JdbcRetentionStore.DELETE_DECISIONS
                            .replace(":tenants", "$1")
                            .replace(":ids", "$2"));
                assertThat(QueryPlans.plan(h, "EXPLAIN EXECUTE shadows('{default}', '{d1}')"))
                    .contains("decision_shadows_decision");
                assertThat(QueryPlans.plan(h, "EXPLAIN EXECUTE decisions('{default}', '{d1}')"))
                    .contains("decisions_pkey");
                h.execute(
                    "PREPARE recording(text[]) AS "
                        + JdbcRetentionStore.DELETE_RECORDING_ENTRIES.replace(":subjects", "$1"));
                assertThat(QueryPlans.plan(h, "EXPLAIN EXECUTE recording('{decision:d1}')"))
                    .contains("audit_log_subject");
                assertThat(QueryPlans.plan(h, "EXPLAIN " + JdbcAuditStore.PRUNINGS))
                    .contains("audit_log_prunings");
              });
    }
  }
}
