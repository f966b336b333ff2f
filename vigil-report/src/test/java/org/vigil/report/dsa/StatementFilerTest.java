package org.vigil.report.dsa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.actions.DeliveryState;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.json.Json;
import org.vigil.core.review.CaseStore;
import org.vigil.core.review.Notice;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.Priority;
import org.vigil.core.review.ReporterKind;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.review.StoredStatement;
import org.vigil.core.testing.MutableClock;
import org.vigil.report.RetryPolicy;
import org.vigil.store.Database;
import org.vigil.store.JdbcCaseStore;
import org.vigil.store.JdbcOutbox;
import org.vigil.store.JdbcOutboxSubscribers;
import org.vigil.store.TestDatabases;

/**
 * The Transparency Database filer against the documented all-or-nothing behaviour (a stand-in
 * server that validates every field against sor-v2-fields.json), on a real outbox and case store
 * (H2 and PostgreSQL).
 */
@Timeout(120)
class StatementFilerTest {

  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final String TOKEN = "7|dsa_transparency_test_token";

  static List<TestDatabases.Kind> databases() {
    return TestDatabases.all();
  }

  /** A valid statement from the shared examples, with its own PUID. */
  private static String statement(String puid, boolean valid) {
    try (InputStream in =
        StatementFilerTest.class.getResourceAsStream(
            "/dsa/statements/valid/v02-incompatible-tos-demotion-label.json")) {
      ObjectNode node = (ObjectNode) Json.MAPPER.readTree(in);
      node.put("puid", puid);
      if (!valid) {
        node.put("content_date", "2025-07-02T09:30:00Z");
      }
      return Json.MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Fixture(
      Database db, JdbcCaseStore cases, JdbcOutbox outbox, MutableClock clock, String caseId) {}

  private static Fixture fixture(Database db) {
    JdbcCaseStore cases = new JdbcCaseStore(db);
    JdbcOutbox outbox = new JdbcOutbox(db);
    new JdbcOutboxSubscribers(db)
        .ensure("sub_dsa", "default", StatementFiler.CONSUMER, List.of("statement.created"), T0);
    NoticeTarget target = new NoticeTarget("post-1", null, null, "text");
    Notice notice =
        new Notice(
            "rep_1",
            "default",
            null,
            target,
            NoticeCategory.TERMS,
            "spam",
            ReporterKind.USER,
            null,
            null,
            null,
            T0);
    ReviewCase c =
        cases
            .admit(
                "default",
                target,
                NoticeCategory.TERMS,
                notice,
                "case_1",
                "notice",
                null,
                T0,
                f ->
                    new CaseStore.Placement(
                        NoticeCategory.TERMS, "general", Priority.LOW, T0.plusSeconds(60), false))
            .reviewCase();
    return new Fixture(db, cases, outbox, new MutableClock(T0), c.id());
  }

  /** Stores a statement as a decision would, and enqueues it for filing. */
  private static void issue(Fixture f, String puid, boolean valid) {
    issue(f, "default", puid, valid);
  }

  /** Stores a statement of {@code tenant} as a decision would, and enqueues it for filing. */
  private static void issue(Fixture f, String tenant, String puid, boolean valid) {
    ReviewCase c = f.cases().find("default", f.caseId()).orElseThrow();
    String json = statement(puid, valid);
    // One decision row per statement on the shared case, so markFiled finds it by PUID.
    f.db()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO review_statements (puid, tenant, case_id, decision_id,"
                            + " created_at, plain_json, transparency_json) VALUES (:p, :t,"
                            + " :c, :d, :at, '{}', :j)")
                    .bind("p", puid)
                    .bind("t", tenant)
                    .bind("c", c.id())
                    .bind("d", "dec_" + puid)
                    .bind("at", java.time.OffsetDateTime.parse("2026-03-02T09:00:00Z"))
                    .bind("j", json)
                    .execute());
    f.outbox()
        .enqueue(
            new OutboxMessage(
                "msg_" + puid, tenant, "statement.created", "statement:" + puid, json, T0));
  }

  private static StatementFiler filer(Fixture f, TransparencyDatabaseServer server) {
    return new StatementFiler(
        f.outbox(),
        f.cases(),
        new TransparencyDatabaseClient(server.url(), TOKEN, Duration.ofSeconds(10)),
        new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), 3),
        f.clock(),
        Duration.ofMinutes(1),
        Duration.ofSeconds(10));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void fileDue_validStatements_allFiledInOneBatch(TestDatabases.Kind kind) {
    try (Database db = kind.open();
        TransparencyDatabaseServer server = new TransparencyDatabaseServer(TOKEN)) {
      Fixture f = fixture(db);
      for (int i = 0; i < 3; i++) {
        issue(f, "vigil-dec_" + i, true);
      }
      assertThat(filer(f, server).fileDue()).isEqualTo(3);
      assertThat(server.stored()).containsOnlyKeys("vigil-dec_0", "vigil-dec_1", "vigil-dec_2");
      assertThat(server.batchSizes()).containsExactly(3);
      assertThat(f.cases().statementByPuid("vigil-dec_1").orElseThrow().filedAt()).isEqualTo(T0);
      assertThat(filer(f, server).fileDue()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void fileDue_oneAlreadyFiled_markedFiledRestResent(TestDatabases.Kind kind) {
    try (Database db = kind.open();
        TransparencyDatabaseServer server = new TransparencyDatabaseServer(TOKEN)) {
      Fixture f = fixture(db);
      issue(f, "vigil-a", true);
      issue(f, "vigil-b", true);
      issue(f, "vigil-c", true);
      server.preload("vigil-b");
      assertThat(filer(f, server).fileDue()).isEqualTo(3);
      assertThat(server.batchSizes()).containsExactly(3, 2);
      assertThat(server.stored()).containsKeys("vigil-a", "vigil-c");
      assertThat(f.cases().statementByPuid("vigil-b").orElseThrow().filedAt()).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void fileDue_oneInvalid_setAsideWithTheErrorRestFiled(TestDatabases.Kind kind) {
    try (Database db = kind.open();
        TransparencyDatabaseServer server = new TransparencyDatabaseServer(TOKEN)) {
      Fixture f = fixture(db);
      issue(f, "vigil-ok1", true);
      issue(f, "vigil-bad", false);
      issue(f, "vigil-ok2", true);
      assertThat(filer(f, server).fileDue()).isEqualTo(2);
      assertThat(server.stored()).containsOnlyKeys("vigil-ok1", "vigil-ok2");
      StoredStatement bad = f.cases().statementByPuid("vigil-bad").orElseThrow();
      assertThat(bad.filedAt()).isNull();
      assertThat(bad.filingError()).contains("content_date");
      assertThat(f.outbox().dead(StatementFiler.CONSUMER, 10))
          .singleElement()
          .satisfies(d -> assertThat(d.message().id()).isEqualTo("msg_vigil-bad"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void fileDue_rateLimitedThenServerError_retriedWithBackoffThenFiled(TestDatabases.Kind kind) {
    try (Database db = kind.open();
        TransparencyDatabaseServer server = new TransparencyDatabaseServer(TOKEN)) {
      Fixture f = fixture(db);
      issue(f, "vigil-r1", true);
      issue(f, "vigil-r2", true);
      server.failNext(429, 503);
      StatementFiler filer = filer(f, server);
      assertThat(filer.fileDue()).isZero();
      assertThat(filer.fileDue()).as("not due again before the backoff").isZero();
      assertThat(server.stored()).isEmpty();
      f.clock().advance(Duration.ofSeconds(6));
      assertThat(filer.fileDue()).isZero();
      f.clock().advance(Duration.ofSeconds(11));
      assertThat(filer.fileDue()).isEqualTo(2);
      assertThat(server.stored()).containsOnlyKeys("vigil-r1", "vigil-r2");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void fileDue_answerLostAfterStoring_resendRecognisedByStablePuid(TestDatabases.Kind kind) {
    try (Database db = kind.open();
        TransparencyDatabaseServer server = new TransparencyDatabaseServer(TOKEN)) {
      Fixture f = fixture(db);
      issue(f, "vigil-lost", true);
      server.loseNextAnswer();
      StatementFiler filer = filer(f, server);
      assertThat(filer.fileDue()).isZero();
      assertThat(server.stored()).containsOnlyKeys("vigil-lost");
      f.clock().advance(Duration.ofSeconds(6));
      assertThat(filer.fileDue()).isEqualTo(1);
      assertThat(server.stored()).hasSize(1);
      assertThat(f.cases().statementByPuid("vigil-lost").orElseThrow().filedAt()).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void fileDue_150Statements_batchesOfAtMost100(TestDatabases.Kind kind) {
    try (Database db = kind.open();
        TransparencyDatabaseServer server = new TransparencyDatabaseServer(TOKEN)) {
      Fixture f = fixture(db);
      for (int i = 0; i < 150; i++) {
        issue(f, "vigil-n" + i, true);
      }
      assertThat(filer(f, server).fileDue()).isEqualTo(150);
      assertThat(server.batchSizes()).containsExactly(100, 50);
      assertThat(server.stored()).hasSize(150);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void fileDue_wrongToken_retriedNotLost(TestDatabases.Kind kind) {
    try (Database db = kind.open();
        TransparencyDatabaseServer server = new TransparencyDatabaseServer("other")) {
      Fixture f = fixture(db);
      issue(f, "vigil-t", true);
      assertThat(filer(f, server).fileDue()).isZero();
      assertThat(f.outbox().dead(StatementFiler.CONSUMER, 10)).isEmpty();
      List<String> states = new ArrayList<>();
      f.db()
          .jdbi()
          .useHandle(
              h ->
                  states.addAll(
                      h.createQuery("SELECT state FROM outbox_deliveries")
                          .mapTo(String.class)
                          .list()));
      assertThat(states)
          .containsExactly(DeliveryState.PENDING.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void fileDue_twoTenants_eachUnderItsOwnTokenNeverMixedAndOneWithoutTokenKept(
      TestDatabases.Kind kind) {
    String tokenB = "9|forum_b_platform_token";
    try (Database db = kind.open();
        TransparencyDatabaseServer server = new TransparencyDatabaseServer(TOKEN, tokenB)) {
      Fixture f = fixture(db);
      JdbcOutboxSubscribers subscribers = new JdbcOutboxSubscribers(db);
      for (String tenant : List.of("forum-b", "forum-c")) {
        subscribers.ensure(
            "sub_dsa_" + tenant, tenant, StatementFiler.CONSUMER, List.of("statement.created"), T0);
      }
      // The three tenants' statements arrive interleaved, so one claim holds all of them.
      List<String> ofA = new ArrayList<>();
      List<String> ofB = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ofA.add("vigil-a" + i);
        ofB.add("vigil-b" + i);
        issue(f, "default", "vigil-a" + i, true);
        issue(f, "forum-b", "vigil-b" + i, true);
        issue(f, "forum-c", "vigil-c" + i, true);
      }
      StatementFiler filer =
          new StatementFiler(
              f.outbox(),
              f.cases(),
              java.util.Map.of(
                  "default",
                  new TransparencyDatabaseClient(server.url(), TOKEN, Duration.ofSeconds(10)),
                  "forum-b",
                  new TransparencyDatabaseClient(server.url(), tokenB, Duration.ofSeconds(10))),
              new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), 3),
              f.clock(),
              Duration.ofMinutes(1),
              Duration.ofSeconds(10));

      assertThat(filer.fileDue()).isEqualTo(8);
      // Each platform's account holds exactly its own statements...
      assertThat(server.stored(TOKEN)).containsOnlyKeys(ofA.toArray(String[]::new));
      assertThat(server.stored(tokenB)).containsOnlyKeys(ofB.toArray(String[]::new));
      // ...sent in batches of one tenant each, under that tenant's token.
      assertThat(server.batches()).hasSize(2);
      for (TransparencyDatabaseServer.Batch batch : server.batches()) {
        assertThat(batch.puids())
            .as(batch.toString())
            .isSubsetOf(batch.token().equals(TOKEN) ? ofA : ofB);
      }
      // The tenant without a token: nothing sent, still pending, retried later with the reason.
      assertThat(server.stored())
          .doesNotContainKeys("vigil-c0", "vigil-c1", "vigil-c2", "vigil-c3");
      StoredStatement c0 = f.cases().statementByPuid("vigil-c0").orElseThrow();
      assertThat(c0.filedAt()).isNull();
      assertThat(c0.filingError()).isNull();
      assertThat(f.outbox().deliveries("sub_dsa_forum-c", DeliveryState.PENDING, null, 10))
          .hasSize(4)
          .allSatisfy(
              d -> {
                assertThat(d.attempts()).isEqualTo(1);
                assertThat(d.lastError()).contains("no Transparency Database token for tenant");
                assertThat(d.nextAttemptAt()).isAfter(T0);
              });
      assertThat(f.cases().statementByPuid("vigil-b2").orElseThrow().filedAt()).isEqualTo(T0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void queueUnfiledStatements_tenantGivenATokenLater_earlierStatementsFiledOnce(
      TestDatabases.Kind kind) {
    String tokenB = "9|forum_b_platform_token";
    try (Database db = kind.open();
        TransparencyDatabaseServer server = new TransparencyDatabaseServer(tokenB)) {
      Fixture f = fixture(db);
      // forum-b decided before it had a token: statements stored, no delivery for anyone.
      issue(f, "forum-b", "vigil-early1", true);
      issue(f, "forum-b", "vigil-early2", true);
      issue(f, "forum-b", "vigil-rejected", true);
      f.cases().markRejected("vigil-rejected", "{\"x\":1}");
      issue(f, "default", "vigil-other-tenant", true);

      boolean created =
          new JdbcOutboxSubscribers(db)
              .ensure(
                  "sub_dsa_forum-b",
                  "forum-b",
                  StatementFiler.CONSUMER,
                  List.of("statement.created"),
                  T0);
      assertThat(created).isTrue();
      assertThat(
              f.cases()
                  .queueUnfiledStatements(
                      "forum-b", "sub_dsa_forum-b", StatementFiler.CONSUMER, T0))
          .isEqualTo(2);
      // Idempotent: a second start queues nothing more.
      assertThat(
              f.cases()
                  .queueUnfiledStatements(
                      "forum-b", "sub_dsa_forum-b", StatementFiler.CONSUMER, T0))
          .isZero();
      issue(f, "forum-b", "vigil-late", true); // after the subscription: its own delivery

      StatementFiler filer =
          new StatementFiler(
              f.outbox(),
              f.cases(),
              java.util.Map.of(
                  "forum-b",
                  new TransparencyDatabaseClient(server.url(), tokenB, Duration.ofSeconds(10))),
              new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), 3),
              f.clock(),
              Duration.ofMinutes(1),
              Duration.ofSeconds(10));
      assertThat(filer.fileDue()).isEqualTo(3);
      assertThat(server.stored(tokenB))
          .containsOnlyKeys("vigil-early1", "vigil-early2", "vigil-late");
      assertThat(server.batchSizes()).containsExactly(3);
      assertThat(
              new JdbcOutboxSubscribers(db)
                  .ensure(
                      "sub_dsa_forum-b",
                      "forum-b",
                      StatementFiler.CONSUMER,
                      List.of("statement.created"),
                      T0))
          .isFalse();
    }
  }
}
