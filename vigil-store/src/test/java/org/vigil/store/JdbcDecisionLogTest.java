package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
}
