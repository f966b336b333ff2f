package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.audit.AuditVerifier;

/** Group commit on a real PostgreSQL: every caller's records, one chain, failures kept apart. */
class GroupCommitterTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private static GroupCommitter.Entry entry(String id) {
    return new GroupCommitter.Entry(
        new GroupCommitter.DecisionRow(
            id, T0, "allow", "{\"id\":\"" + id + "\"}", "default", "content", null, "v1"),
        List.of(),
        List.of(new AuditEvent("key:t", "scan.decide", "decision:" + id, "{}")),
        List.of(),
        T0);
  }

  @Test
  void append_concurrentCallers_everyRecordStoredAndChainIntact() throws Exception {
    try (Database db = TestDatabases.freshPostgres()) {
      GroupCommitter committer = db.groupCommitter();
      // An append from outside the committer (another process would do the same) in the middle.
      JdbcAuditStore audit = new JdbcAuditStore(db);
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    committer.append(entry("dec_" + thread + "_" + i));
                    if (thread == 0 && i == 50) {
                      audit.append(new AuditEvent("system", "other", "x", "{}"), T0);
                    }
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      int decisions =
          db.jdbi()
              .withHandle(
                  h -> h.select("SELECT count(*) FROM decisions").mapTo(Integer.class).one());
      assertThat(decisions).isEqualTo(1600);
      AuditVerifier.Result result = new AuditVerifier(audit).verify();
      assertThat(result.intact()).isTrue();
      assertThat(result.checked()).isEqualTo(1601);
      assertThat(audit.head().seq()).isEqualTo(1601);
    }
  }

  @Test
  void append_twoProcessesSharingTheDatabase_oneUnforkedChain() throws Exception {
    // Two Database objects on one PostgreSQL database stand for two Vigil processes: each writer
    // links its batches from the head it last committed, so every batch that follows one of the
    // other's finds its head moved and must be written again, locked, never forked.
    String url = TestDatabases.postgresUrl();
    try (Database first = Database.open(url, "postgres", "postgres");
        Database second = Database.open(url, "postgres", "postgres")) {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        GroupCommitter committer = (t % 2 == 0 ? first : second).groupCommitter();
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    committer.append(entry("dec_" + thread + "_" + i));
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      int decisions =
          first
              .jdbi()
              .withHandle(
                  h -> h.select("SELECT count(*) FROM decisions").mapTo(Integer.class).one());
      assertThat(decisions).isEqualTo(1600);
      JdbcAuditStore audit = new JdbcAuditStore(second);
      AuditVerifier.Result result = new AuditVerifier(audit).verify();
      assertThat(result.intact()).isTrue();
      assertThat(result.checked()).isEqualTo(1600);
      assertThat(audit.head().seq()).isEqualTo(1600);
    }
  }

  @Test
  void append_duplicateIdAmongOthers_failsOnlyThatCaller() throws Exception {
    try (Database db = TestDatabases.freshPostgres()) {
      GroupCommitter committer = db.groupCommitter();
      committer.append(entry("dec_dup"));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> others = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String id = "dec_ok_" + i;
        others.add(pool.submit(() -> committer.append(entry(id))));
      }
      assertThatThrownBy(() -> committer.append(entry("dec_dup")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("duplicate key");
      for (Future<?> future : others) {
        future.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      int decisions =
          db.jdbi()
              .withHandle(
                  h -> h.select("SELECT count(*) FROM decisions").mapTo(Integer.class).one());
      assertThat(decisions).isEqualTo(201);
      JdbcAuditStore audit = new JdbcAuditStore(db);
      assertThat(new AuditVerifier(audit).verify().intact()).isTrue();
      assertThat(audit.head().seq()).isEqualTo(201);
    }
  }

  @Test
  void append_afterClose_refused() {
    try (Database db = TestDatabases.freshPostgres()) {
      GroupCommitter committer = db.groupCommitter();
      committer.close();
      assertThatThrownBy(() -> committer.append(entry("dec_late")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("closed");
    }
  }
}
