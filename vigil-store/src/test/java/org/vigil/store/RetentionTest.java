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
}
