package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.ActionType;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.actions.Verdict;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.audit.AuditVerifier;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.records.DecisionIds;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionPage;
import org.vigil.core.records.DecisionQuery;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.records.FiredRule;
import org.vigil.core.records.PolicyOutcome;
import org.vigil.core.signal.AgeEvidence;
import org.vigil.core.signal.CourtOrderHit;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HashQuality;
import org.vigil.core.signal.ReportSignal;
import org.vigil.core.signal.Score;

/** The decision log against H2 and a real PostgreSQL server. */
class JdbcDecisionLogTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00.123Z");

  static List<TestDatabases.Kind> databases() {
    return TestDatabases.all();
  }

  private static DecisionRecord record(
      String tenant, DecisionKind kind, String subject, Verdict verdict, Instant at) {
    return new DecisionRecord(
        DecisionIds.next(at),
        tenant,
        kind,
        subject,
        List.of(
            new HashMatch("ncmec", 7, "pdq", 4, "A1", "hashlist", "block"),
            new HashQuality(80, 50, false),
            new AgeEvidence("uploader", 13, 15, "self_declared", 0.5, true),
            new CourtOrderHit(
                "co-1", "PA 1/2025", "Court", null, "social_network", "2027", "email"),
            new ReportSignal(2, List.of("spam"), true),
            new Score("nudity", 0.25)),
        "abc123",
        List.of(
            new FiredRule(
                "ncmec-close",
                "close match",
                List.of(
                    Action.of(ActionType.BLOCK),
                    new Action(ActionType.QUEUE_REVIEW, Map.of("queue", "csam"))),
                "hash_match")),
        verdict,
        List.of(Action.of(ActionType.BLOCK)),
        "key:k1",
        at,
        Map.of("platform", Map.of("contentId", subject == null ? "none" : subject)),
        null,
        List.of(new PolicyOutcome("shadow1", List.of(), Verdict.ALLOW, List.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void append_thenFind_returnsTheSameRecordAndAuditsInTheChain(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcDecisionLog log = new JdbcDecisionLog(db);
      DecisionRecord decision = record("default", DecisionKind.CONTENT, "c1", Verdict.BLOCK, T0);
      log.append(
          new DecisionCommit(
              decision,
              List.of(new AuditEvent("key:k1", "scan.decide", "decision:" + decision.id(), "{}")),
              List.of(
                  new OutboxMessage(
                      "msg-" + decision.id(),
                      "default",
                      "decision.created",
                      "c1",
                      "{\"id\":\"" + decision.id() + "\"}",
                      T0))));
      assertThat(log.find("default", decision.id())).contains(decision);
      int messages =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT COUNT(*) FROM outbox_messages WHERE id = :id")
                          .bind("id", "msg-" + decision.id())
                          .mapTo(Integer.class)
                          .one());
      assertThat(messages).isEqualTo(1);
      assertThat(log.find("other", decision.id())).isEmpty();
      JdbcAuditStore audit = new JdbcAuditStore(db);
      assertThat(audit.latest(10, "decision:" + decision.id())).hasSize(1);
      assertThat(new AuditVerifier(audit).verify().intact()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void append_whenAuditFails_storesNothing(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcDecisionLog log = new JdbcDecisionLog(db);
      DecisionRecord decision = record("default", DecisionKind.CONTENT, "c1", Verdict.BLOCK, T0);
      // A null action violates audit_log's NOT NULL: the decision must roll back with it.
      DecisionCommit broken =
          new DecisionCommit(decision, List.of(new AuditEvent("key:k1", null, "x", "{}")), null);
      assertThatThrownBy(() -> log.append(broken)).isInstanceOf(StoreException.class);
      assertThat(log.find("default", decision.id())).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void query_filtersAndPagesNewestFirst(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcDecisionLog log = new JdbcDecisionLog(db);
      List<DecisionRecord> all = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        DecisionRecord d =
            record(
                "default",
                i % 2 == 0 ? DecisionKind.CONTENT : DecisionKind.ACCOUNT_ACTION,
                i < 3 ? "s1" : "s2",
                i % 3 == 0 ? Verdict.BLOCK : Verdict.ALLOW,
                T0.plusSeconds(i));
        all.add(d);
        log.append(new DecisionCommit(d, List.of(), List.of()));
      }
      log.append(
          new DecisionCommit(
              record("other", DecisionKind.CONTENT, "s1", Verdict.BLOCK, T0), List.of(), null));

      List<String> seen = new ArrayList<>();
      DecisionQuery query = new DecisionQuery("default", null, null, null, null, null, null, 3);
      DecisionPage page = log.query(query);
      seen.addAll(page.decisions().stream().map(DecisionRecord::id).toList());
      while (page.next() != null) {
        page = log.query(query.after(page.next()));
        seen.addAll(page.decisions().stream().map(DecisionRecord::id).toList());
      }
      List<String> newestFirst = new ArrayList<>(all.stream().map(DecisionRecord::id).toList());
      java.util.Collections.reverse(newestFirst);
      assertThat(seen).containsExactlyElementsOf(newestFirst);

      assertThat(
              log.query(new DecisionQuery("default", "s1", null, null, null, null, null, 100))
                  .decisions())
          .hasSize(3);
      assertThat(
              log.query(
                      new DecisionQuery(
                          "default",
                          null,
                          DecisionKind.CONTENT,
                          Verdict.BLOCK,
                          null,
                          null,
                          null,
                          100))
                  .decisions())
          .extracting(DecisionRecord::id)
          .containsExactly(all.get(6).id(), all.get(0).id());
      assertThat(
              log.query(DecisionQuery.between("default", T0.plusSeconds(2), T0.plusSeconds(4), 100))
                  .decisions())
          .extracting(DecisionRecord::id)
          .containsExactly(all.get(3).id(), all.get(2).id());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void append_noMatchScan_bodyHoldsOnlyWhatHasNoColumnAndReadsBackEqual(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcDecisionLog log = new JdbcDecisionLog(db);
      String pdq = "f".repeat(64);
      DecisionRecord decision =
          new DecisionRecord(
              DecisionIds.next(T0),
              "default",
              DecisionKind.CONTENT,
              null,
              List.of(),
              "abc123",
              List.of(),
              Verdict.ALLOW,
              List.of(),
              "key:k1",
              T0,
              Map.of("hashes", Map.of("pdq", pdq), "platform", Map.of()),
              null,
              List.of());
      log.append(new DecisionCommit(decision, List.of(), List.of()));
      String body =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT body FROM decisions WHERE id = :id")
                          .bind("id", decision.id())
                          .mapTo(String.class)
                          .one());
      assertThat(body)
          .isEqualTo(
              "{\"requestedBy\":\"key:k1\",\"context\":{\"hashes\":{\"pdq\":\""
                  + pdq
                  + "\"},\"platform\":{}}}");
      assertThat(log.find("default", decision.id())).contains(decision);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void find_rowWrittenBeforeV180_readsTheWholeRecordJson(TestDatabases.Kind kind) throws Exception {
    try (Database db = kind.open()) {
      DecisionRecord decision =
          record("default", DecisionKind.ACCOUNT_ACTION, "u1", Verdict.BLOCK, T0);
      // Before V180 the body held the whole record, the columns' fields included.
      String whole = org.vigil.core.json.Json.MAPPER.writeValueAsString(decision);
      db.jdbi()
          .useHandle(
              h ->
                  h.createUpdate(
                          "INSERT INTO decisions (id, created_at, verdict, body, tenant, kind,"
                              + " subject, policy_version) VALUES (:id, :at, 'block', :body,"
                              + " 'default', 'account_action', 'u1', 'abc123')")
                      .bind("id", decision.id())
                      .bind("at", Times.write(T0))
                      .bind("body", whole)
                      .execute());
      JdbcDecisionLog log = new JdbcDecisionLog(db);
      assertThat(log.find("default", decision.id())).contains(decision);
      assertThat(
              log.query(new DecisionQuery("default", "u1", null, null, null, null, null, 10))
                  .decisions())
          .containsExactly(decision);
    }
  }

  /**
   * The partial indexes of V180 and V190 and the primary key (tenant, id) of V191 serve the queries
   * that need them: the planner must be able to prove each index's condition from the query (a
   * literal verdict; a subject compared with =), also in the generic plan a prepared statement ends
   * up with.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void queries_usePartialIndexes(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      db.jdbi()
          .useHandle(
              h -> {
                QueryPlans.preferIndexesAndGenericPlans(h);
                h.execute(
                    "PREPARE by_verdict(text) AS SELECT id FROM decisions WHERE tenant = $1 AND"
                        + " verdict = 'block' ORDER BY id DESC LIMIT 10");
                h.execute(
                    "PREPARE by_subject(text, text) AS SELECT id FROM decisions WHERE tenant = $1"
                        + " AND subject = $2 ORDER BY id DESC LIMIT 10");
                h.execute(
                    "PREPARE by_kind(text) AS SELECT id FROM decisions WHERE tenant = $1 AND kind"
                        + " = 'account_action' ORDER BY id DESC LIMIT 10");
                h.execute(
                    "PREPARE by_id(text, text) AS SELECT id FROM decisions WHERE id = $2 AND"
                        + " tenant = $1");
                h.execute(
                    "PREPARE no_match(timestamptz) AS SELECT id FROM decisions WHERE verdict ="
                        + " 'allow' AND created_at < $1 ORDER BY created_at LIMIT 10");
                h.execute(
                    "PREPARE refusals(timestamptz) AS SELECT id FROM decisions WHERE kind ="
                        + " 'account_action' AND verdict <> 'allow' AND created_at < $1 ORDER BY"
                        + " created_at LIMIT 10");
                assertThat(QueryPlans.plan(h, "EXPLAIN EXECUTE by_verdict('default')"))
                    .contains("decisions_tenant_verdict");
                assertThat(QueryPlans.plan(h, "EXPLAIN EXECUTE by_subject('default', 's1')"))
                    .contains("decisions_tenant_subject");
                assertThat(QueryPlans.plan(h, "EXPLAIN EXECUTE by_kind('default')"))
                    .contains("decisions_tenant_kind");
                assertThat(QueryPlans.plan(h, "EXPLAIN EXECUTE by_id('default', 'd1')"))
                    .contains("decisions_pkey");
                assertThat(QueryPlans.plan(h, "EXPLAIN EXECUTE no_match(now())"))
                    .contains("decisions_allow_created");
                assertThat(QueryPlans.plan(h, "EXPLAIN EXECUTE refusals(now())"))
                    .contains("decisions_refusals_created");
              });
    }
  }

  /**
   * A database holding decisions from before V190 keeps every one of them through the change of
   * primary key, and ends with one index of ids per decision instead of two (V190, V191).
   */
  @Test
  @Timeout(120) // V190 builds concurrently: it hangs if Flyway holds a transaction meanwhile
  void upgradeToV191_keepsDecisionsAndKeysThemByTenant() throws Exception {
    String url = TestDatabases.postgresUrlMigratedTo("183");
    DecisionRecord content = record("a", DecisionKind.CONTENT, null, Verdict.ALLOW, T0);
    DecisionRecord refusal = record("b", DecisionKind.ACCOUNT_ACTION, "u1", Verdict.BLOCK, T0);
    Jdbi.create(url, "postgres", "postgres")
        .useHandle(
            h -> {
              for (DecisionRecord d : List.of(content, refusal)) {
                h.createUpdate(
                        "INSERT INTO decisions (id, created_at, verdict, body, tenant, kind,"
                            + " subject, policy_version) VALUES (:id, :at, :verdict, :body,"
                            + " :tenant, :kind, :subject, :version)")
                    .bind("id", d.id())
                    .bind("at", Times.write(d.createdAt()))
                    .bind("verdict", d.verdict().wireName())
                    .bind("body", org.vigil.core.json.Json.MAPPER.writeValueAsString(d))
                    .bind("tenant", d.tenant())
                    .bind("kind", d.kind().wireName())
                    .bind("subject", d.subject())
                    .bind("version", d.policyVersion())
                    .execute();
              }
            });
    try (Database db = Database.open(url, "postgres", "postgres")) {
      JdbcDecisionLog log = new JdbcDecisionLog(db);
      assertThat(log.find("a", content.id())).contains(content);
      assertThat(log.find("b", refusal.id())).contains(refusal);
      assertThat(log.find("a", refusal.id())).isEmpty();
      db.jdbi()
          .useHandle(
              h -> {
                assertThat(
                        h.createQuery(
                                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON"
                                    + " a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                                    + " WHERE i.indrelid = 'decisions'::regclass AND"
                                    + " i.indisprimary ORDER BY array_position(i.indkey, a.attnum)")
                            .mapTo(String.class)
                            .list())
                    .containsExactly("tenant", "id");
                assertThat(
                        h.createQuery(
                                "SELECT indexname FROM pg_indexes WHERE tablename = 'decisions'")
                            .mapTo(String.class)
                            .list())
                    .doesNotContain("decisions_tenant_id", "decisions_other_kinds")
                    .contains("decisions_pkey", "decisions_tenant_kind");
                assertThat(
                        h.createQuery(
                                "SELECT count(*) FROM pg_index WHERE indrelid ="
                                    + " 'decisions'::regclass AND NOT indisvalid")
                            .mapTo(Integer.class)
                            .one())
                    .isZero();
              });
    }
  }
}
