package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.audit.AuditEntry;
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
      int decisions = rows(db, "decisions");
      assertThat(decisions).isEqualTo(1600);
      AuditVerifier.Result result = new AuditVerifier(audit).verify();
      assertThat(result.intact()).isTrue();
      assertThat(result.checked()).isEqualTo(1601);
      assertThat(audit.head().seq()).isEqualTo(1601);
    }
  }

  @Test
  void idleWriter_givesItsConnectionBackWithoutItsPlanningSetting() throws Exception {
    try (Database db = TestDatabases.freshPostgres()) {
      GroupCommitter committer = db.groupCommitter();
      for (int i = 0; i < 20; i++) {
        committer.append(entry("dec_idle_" + i));
      }
      // The writer gives its connection back after 100 ms without records.
      Thread.sleep(500);
      // Hold every connection the pool can give at once, so the writer's is among them.
      List<java.sql.Connection> all = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 16; i++) {
          all.add(db.dataSource().getConnection());
        }
        for (java.sql.Connection connection : all) {
          try (java.sql.Statement show = connection.createStatement();
              java.sql.ResultSet mode = show.executeQuery("SHOW plan_cache_mode")) {
            mode.next();
            assertThat(mode.getString(1)).isEqualTo("auto");
          }
        }
      } finally {
        for (java.sql.Connection connection : all) {
          connection.close();
        }
      }
      // And it takes one again for the next batch.
      assertThat(committer.append(entry("dec_idle_after"))).hasSize(1);
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
      int decisions = rows(first, "decisions");
      assertThat(decisions).isEqualTo(1600);
      JdbcAuditStore audit = new JdbcAuditStore(second);
      AuditVerifier.Result result = new AuditVerifier(audit).verify();
      assertThat(result.intact()).isTrue();
      assertThat(result.checked()).isEqualTo(1600);
      assertThat(audit.head().seq()).isEqualTo(1600);
    }
  }

  @Test
  void append_withOutboxMessages_eachNewMessageFannedOutOnceToItsLiveSubscriptions()
      throws Exception {
    try (Database db = TestDatabases.freshPostgres()) {
      db.jdbi()
          .useHandle(
              h -> {
                h.execute(
                    "INSERT INTO outbox_subscriptions (id, tenant, consumer, created_at) VALUES"
                        + " ('s-topic', 'default', 'webhook', now()), ('s-all', 'default',"
                        + " 'webhook', now()), ('s-other-topic', 'default', 'webhook', now()),"
                        + " ('s-deleted', 'default', 'webhook', now()), ('s-other-tenant',"
                        + " 'other', 'webhook', now())");
                h.execute(
                    "UPDATE outbox_subscriptions SET deleted_at = now() WHERE id = 's-deleted'");
                h.execute(
                    "INSERT INTO outbox_subscription_topics (subscription_id, topic) VALUES"
                        + " ('s-topic', 'decision.created'), ('s-all', '*'), ('s-other-topic',"
                        + " 'case.opened'), ('s-deleted', '*'), ('s-other-tenant', '*')");
              });
      GroupCommitter committer = db.groupCommitter();
      committer.append(entry("dec_first")); // the writer now knows the chain head
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String id = "dec_" + i;
        // Every message twice (as a retried request would): stored and fanned out once.
        String messageId = "msg-" + (i / 2);
        done.add(pool.submit(() -> committer.append(withMessage(id, messageId))));
      }
      for (Future<?> future : done) {
        future.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      Map<String, Integer> deliveries =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT subscription_id, count(*) AS n FROM outbox_deliveries"
                                  + " GROUP BY subscription_id")
                          .reduceRows(
                              new java.util.HashMap<String, Integer>(),
                              (map, row) -> {
                                map.put(
                                    row.getColumn("subscription_id", String.class),
                                    row.getColumn("n", Integer.class));
                                return map;
                              }));
      assertThat(deliveries).isEqualTo(Map.of("s-topic", 100, "s-all", 100));
      int messages = rows(db, "outbox_messages");
      assertThat(messages).isEqualTo(100);
      JdbcAuditStore audit = new JdbcAuditStore(db);
      assertThat(new AuditVerifier(audit).verify().intact()).isTrue();
      assertThat(audit.head().seq()).isEqualTo(201);
    }
  }

  private static int rows(Database db, String table) {
    return db.jdbi()
        .withHandle(h -> h.select("SELECT count(*) FROM " + table).mapTo(Integer.class).one());
  }

  private static GroupCommitter.Entry withMessage(String id, String messageId) {
    GroupCommitter.Entry plain = entry(id);
    return new GroupCommitter.Entry(
        plain.decision(),
        List.of(),
        plain.audit(),
        List.of(
            new OutboxMessage(
                messageId, "default", "decision.created", id, "{\"id\":\"" + id + "\"}", T0)),
        T0);
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
      int decisions = rows(db, "decisions");
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

  @Test
  void submit_manyWithoutWaiting_eachFutureCompletesOnlyWithItsRowStored() throws Exception {
    try (Database db = TestDatabases.freshPostgres()) {
      GroupCommitter committer = db.groupCommitter();
      committer.append(entry("dec_dup_async"));
      List<CompletableFuture<Boolean>> stored = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String id = "dec_async_" + i;
        // Checked on the writer's completion: the row must already be visible to another
        // connection.
        stored.add(committer.submit(entry(id)).thenApply(linked -> isStored(db, id)));
      }
      CompletableFuture<List<AuditEntry>> duplicate = committer.submit(entry("dec_dup_async"));
      for (CompletableFuture<Boolean> future : stored) {
        assertThat(future.get(120, TimeUnit.SECONDS)).isTrue();
      }
      assertThatThrownBy(() -> duplicate.get(120, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(StoreException.class)
          .hasMessageContaining("duplicate key");
      assertThat(rows(db, "decisions")).isEqualTo(301);
      JdbcAuditStore audit = new JdbcAuditStore(db);
      assertThat(new AuditVerifier(audit).verify().intact()).isTrue();
    }
  }

  @Test
  void submit_afterClose_failedFuture() {
    try (Database db = TestDatabases.freshPostgres()) {
      GroupCommitter committer = db.groupCommitter();
      committer.close();
      assertThatThrownBy(() -> committer.submit(entry("dec_late")).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StoreException.class)
          .hasMessageContaining("closed");
    }
  }

  private static boolean isStored(Database db, String id) {
    try (var connection = db.dataSource().getConnection();
        var query = connection.prepareStatement("SELECT count(*) FROM decisions WHERE id = ?")) {
      query.setString(1, id);
      try (var rs = query.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
