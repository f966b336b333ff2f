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
import org.vigil.core.audit.AuditVerifier;
import org.vigil.core.records.RetentionJob;

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
      AuditEntry last = auditStore.latest(1, null).get(0);
      assertThat(last.action()).isEqualTo("retention.delete");
      assertThat(last.subject()).isEqualTo("court_order_denials");
      assertThat(last.detailsJson()).contains("\"decisionsDeleted\":1", "\"dailyCountsDeleted\":2");
      assertThat(new AuditVerifier(auditStore).verify().intact()).isTrue();
    }
  }
}
