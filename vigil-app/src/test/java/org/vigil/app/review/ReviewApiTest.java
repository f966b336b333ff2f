package org.vigil.app.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.app.ReviewConfig;
import org.vigil.app.TestServer;
import org.vigil.core.auth.Role;
import org.vigil.core.json.Json;
import org.vigil.core.review.SorValidator;
import org.vigil.core.testing.MutableClock;
import org.vigil.store.JdbcDecisionLog;
import org.vigil.store.TestDatabases;

/**
 * Notice and action over HTTP, as a platform and its moderators use it: notice, case, claim,
 * decision, statement, appeal, reversal; against a real PostgreSQL.
 */
class ReviewApiTest {

  record Db(String name, String url, String user, String password) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Db> databases() {
    return List.of(new Db("postgres", TestDatabases.postgresUrl(), "postgres", "postgres"));
  }

  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  static String report(String content, String category, String kind, String reporter) {
    return "{\"target\":{\"contentId\":\""
        + content
        + "\",\"accountId\":\"acct-42\",\"url\":\"https://example.com/p/"
        + content
        + "\",\"contentType\":\"image\"},\"category\":\""
        + category
        + "\",\"explanation\":\"This shows a child in a sexualised way.\",\"reporter\":{\"kind\":\""
        + kind
        + "\""
        + (reporter == null
            ? ""
            : ",\"id\":\"" + reporter + "\",\"contact\":\"" + reporter + "@example.net\"")
        + "},\"language\":\"de\",\"goodFaith\":true}";
  }

  static final String REMOVE =
      "{\"action\":\"remove\",\"ground\":\"illegal\",\"legalGround\":\"Art. 5 Directive"
          + " 2011/93/EU\",\"explanation\":\"The image sexualises a child; acct-42 posted it.\"}";

  private static List<String> topics(TestServer server, String caseId) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT topic FROM outbox_messages WHERE subject = :s OR subject LIKE"
                            + " 'statement:%' ORDER BY seq")
                    .bind("s", "case:" + caseId)
                    .mapTo(String.class)
                    .list());
  }

  private static JsonNode payload(TestServer server, String caseId, String topic) throws Exception {
    String json =
        server
            .app()
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT payload FROM outbox_messages WHERE subject = :s AND topic ="
                                + " :t")
                        .bind("s", "case:" + caseId)
                        .bind("t", topic)
                        .mapTo(String.class)
                        .one());
    return Json.MAPPER.readTree(json);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void walkThrough_noticeCaseDecisionStatementAppealReversal(Db db) throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (TestServer server =
        new TestServer(db.url(), db.user(), db.password(), clock, ReviewConfig.defaults())) {
      String platform = server.key(Role.PLATFORM);
      String alice = server.key(Role.MODERATOR);
      String bob = server.key(Role.MODERATOR);

      TestServer.Reply first =
          server.send("POST", "/v1/reports", platform, report("p1", "csam", "user", "u-1"));
      assertThat(first.status()).as(first.body()).isEqualTo(201);
      String caseId = first.json().get("caseId").asText();
      assertThat(first.json().get("reportId").asText()).startsWith("rep_");
      assertThat(Instant.parse(first.json().get("deadline").asText()))
          .isBefore(T0.plus(Duration.ofHours(25)));
      TestServer.Reply second =
          server.send(
              "POST", "/v1/reports", platform, report("p1", "csam", "trusted_flagger", "tf-1"));
      assertThat(second.json().get("caseId").asText()).isEqualTo(caseId);

      JsonNode listed = server.send("GET", "/v1/cases?state=open", alice, null).json();
      assertThat(listed.get("cases").get(0).get("id").asText()).isEqualTo(caseId);
      assertThat(listed.get("cases").get(0).get("reporterCount").asInt()).isEqualTo(2);

      assertThat(server.send("POST", "/v1/cases/" + caseId + "/claim", alice, null).status())
          .isEqualTo(200);
      TestServer.Reply taken = server.send("POST", "/v1/cases/" + caseId + "/claim", bob, null);
      assertThat(taken.status()).isEqualTo(409);
      assertThat(taken.json().get("error").asText()).isEqualTo("case_claimed");
      assertThat(server.send("POST", "/v1/cases/" + caseId + "/decision", bob, REMOVE).status())
          .isEqualTo(409);

      TestServer.Reply decided =
          server.send("POST", "/v1/cases/" + caseId + "/decision", alice, REMOVE);
      assertThat(decided.status()).as(decided.body()).isEqualTo(201);
      String decisionId = decided.json().get("decisionId").asText();
      assertThat(decisionId).startsWith("dec_");
      assertThat(new JdbcDecisionLog(server.app().database()).find("default", decisionId))
          .isPresent()
          .get()
          .satisfies(r -> assertThat(r.caseId()).isEqualTo(caseId));

      TestServer.Reply statement =
          server.send("GET", "/v1/cases/" + caseId + "/statement", platform, null);
      assertThat(statement.status()).isEqualTo(200);
      JsonNode tdb = statement.json().get("transparencyDatabase");
      assertThat(new SorValidator().validate(tdb)).isEmpty();
      assertThat(tdb.get("source_type").asText()).isEqualTo("SOURCE_TRUSTED_FLAGGER");
      assertThat(tdb.get("puid").asText()).isEqualTo("vigil-" + decisionId);
      assertThat(statement.body())
          .doesNotContain("u-1@example.net")
          .doesNotContain("tf-1")
          .doesNotContain("acct-42");
      assertThat(statement.json().get("plain").get("howToAppeal").get("until").asText())
          .startsWith("2026-09-02");
      assertThat(statement.json().get("filing").get("state").asText()).isEqualTo("pending");
      assertThat(topics(server, caseId)).contains("review.decided", "statement.created");
      // The platform must keep the removed content until the appeal window closes.
      JsonNode decidedMessage = payload(server, caseId, "review.decided");
      assertThat(decidedMessage.get("action").asText()).isEqualTo("remove");
      assertThat(decidedMessage.get("retainUntil").asText()).startsWith("2026-09-02T09:00");

      TestServer.Reply appeal =
          server.send(
              "POST",
              "/v1/cases/" + caseId + "/appeals",
              platform,
              "{\"reason\":\"It is a family beach photo.\"}");
      assertThat(appeal.status()).as(appeal.body()).isEqualTo(201);
      assertThat(appeal.json().get("state").asText()).isEqualTo("appealed");
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/cases/" + caseId + "/appeals",
                      platform,
                      "{\"reason\":\"again\"}")
                  .status())
          .isEqualTo(409);

      String restore =
          "{\"action\":\"restore\",\"explanation\":\"On a second look the photo is harmless.\"}";
      TestServer.Reply same =
          server.send("POST", "/v1/cases/" + caseId + "/decision", alice, restore);
      assertThat(same.status()).isEqualTo(409);
      assertThat(same.json().get("error").asText()).isEqualTo("same_moderator");
      TestServer.Reply reversed =
          server.send("POST", "/v1/cases/" + caseId + "/decision", bob, restore);
      assertThat(reversed.status()).as(reversed.body()).isEqualTo(201);
      assertThat(reversed.json().get("onAppeal").asBoolean()).isTrue();
      assertThat(topics(server, caseId)).contains("review.reversed");
      // The reversal tells the platform what to undo.
      JsonNode reversal = payload(server, caseId, "review.reversed");
      assertThat(reversal.get("undo").asText()).isEqualTo("remove");
      assertThat(reversal.get("reverses").asText()).isEqualTo(decisionId);

      JsonNode file = server.send("GET", "/v1/cases/" + caseId, alice, null).json();
      assertThat(file.get("state").asText()).isEqualTo("decided");
      assertThat(file.get("appeals").get(0).get("outcome").asText()).isEqualTo("reversed");
      assertThat(file.toString()).doesNotContain("u-1@example.net");
      String auditor = server.key(Role.AUDITOR);
      JsonNode stats = server.send("GET", "/v1/review/stats", auditor, null).json();
      assertThat(stats.get("appeals.reversed").asLong()).isEqualTo(1);
      assertThat(stats.get("notices").asLong()).isEqualTo(2);

      // Both decisions are counted as moderators' decisions, not as scans.
      String metrics = server.send("GET", "/metrics", null, null).body();
      assertThat(metrics)
          .contains("vigil_review_decisions_total{kind=\"content\",verdict=\"remove\"} 1")
          .containsPattern(
              "(?m)^vigil_review_decisions_total\\{kind=\"content\",verdict=\"[a-z_]+\"} ")
          .doesNotContainPattern("(?m)^vigil_scans_total\\{");
      assertThat(
              metrics
                  .lines()
                  .filter(l -> l.startsWith("vigil_review_decisions_total{"))
                  .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                  .sum())
          .isEqualTo(2.0);
    }
  }

  @Test
  void report_badInput_preciseErrors() throws Exception {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String platform = server.key(Role.PLATFORM);
      Map<String, String> expectedField =
          Map.of(
              report("p", "terms", "anonymous", null), "reporter.kind",
              report("p", "csam", "user", null), "reporter.id",
              report("p", "gossip", "user", "u"), "category",
              report("p", "terms", "user", "u")
                      .replace("\"goodFaith\":true", "\"goodFaith\":false"),
                  "goodFaith",
              report("p", "terms", "user", "u")
                      .replace("\"contentId\":\"p\"", "\"contentId\":\" \""),
                  "target.contentId",
              report("p", "terms", "user", "u")
                      .replace("\"language\":\"de\"", "\"language\":\"deu\""),
                  "language");
      for (Map.Entry<String, String> e : expectedField.entrySet()) {
        TestServer.Reply reply = server.send("POST", "/v1/reports", platform, e.getKey());
        assertThat(reply.status()).as(e.getKey()).isEqualTo(422);
        assertThat(reply.json().get("field").asText()).as(reply.body()).isEqualTo(e.getValue());
      }
      TestServer.Reply unknown =
          server.send(
              "POST",
              "/v1/reports",
              platform,
              report("p", "terms", "user", "u").replace("{\"target\"", "{\"colour\":1,\"target\""));
      assertThat(unknown.status()).isEqualTo(422);
      assertThat(unknown.json().get("error").asText()).isEqualTo("unknown_field");
      assertThat(server.send("POST", "/v1/reports", platform, "{").status()).isEqualTo(400);
      assertThat(
              server
                  .send("POST", "/v1/reports", platform, report("p", "csam", "anonymous", null))
                  .status())
          .isEqualTo(201);
      String moderator = server.key(Role.MODERATOR);
      assertThat(
              server
                  .send("POST", "/v1/reports", moderator, report("q", "terms", "user", "u"))
                  .status())
          .isEqualTo(403);
      assertThat(
              server.send("POST", "/v1/reports", null, report("q", "terms", "user", "u")).status())
          .isEqualTo(401);
      assertThat(
              server
                  .send("GET", "/v1/cases?state=closed", moderator, null)
                  .json()
                  .get("field")
                  .asText())
          .isEqualTo("state");
    }
  }

  @Test
  void ncii_deadlineWithin48HoursAndOverdueEscalates() throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (TestServer server =
        new TestServer(
            TestDatabases.postgresUrl(), "postgres", "postgres", clock, ReviewConfig.defaults())) {
      String platform = server.key(Role.PLATFORM);
      String moderator = server.key(Role.MODERATOR);
      JsonNode receipt =
          server.send("POST", "/v1/reports", platform, report("n1", "ncii", "user", "u")).json();
      Instant deadline = Instant.parse(receipt.get("deadline").asText());
      assertThat(deadline).isAfter(T0).isBeforeOrEqualTo(T0.plus(Duration.ofHours(48)));
      String caseId = receipt.get("caseId").asText();
      assertThat(server.send("GET", "/v1/cases?overdue=true", moderator, null).json().get("cases"))
          .isEmpty();
      clock.set(deadline.plusSeconds(1));
      JsonNode overdue = server.send("GET", "/v1/cases?overdue=true", moderator, null).json();
      assertThat(overdue.get("cases").get(0).get("id").asText()).isEqualTo(caseId);
      assertThat(server.app().review().escalation().sweep()).isEqualTo(1);
      JsonNode escalated = server.send("GET", "/v1/cases/" + caseId, moderator, null).json();
      assertThat(escalated.get("queue").asText()).isEqualTo("escalations");
      assertThat(escalated.get("priority").asText()).isEqualTo("urgent");
      assertThat(escalated.get("escalated").asBoolean()).isTrue();
      assertThat(topics(server, caseId)).containsExactly("case.overdue");
      assertThat(server.app().review().escalation().sweep()).isZero();
    }
  }

  private static String termsNotice(String content, String account, String reporter) {
    return report(content, "terms", "user", reporter).replace("acct-42", account);
  }

  @Test
  void triage_reportersAccountHistoryAndRegisteredMinor_eachRaiseThePriority() throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (TestServer server =
        new TestServer(
            TestDatabases.postgresUrl(), "postgres", "postgres", clock, ReviewConfig.defaults())) {
      String platform = server.key(Role.PLATFORM);
      String moderator = server.key(Role.MODERATOR);
      JsonNode plain =
          server.send("POST", "/v1/reports", platform, termsNotice("t1", "acct-a", "u1")).json();
      JsonNode plainCase =
          server.send("GET", "/v1/cases/" + plain.get("caseId").asText(), moderator, null).json();
      assertThat(plainCase.get("priority").asText()).isEqualTo("low");
      assertThat(Instant.parse(plain.get("deadline").asText()))
          .isEqualTo(T0.plus(Duration.ofDays(7)));

      // Five distinct reporters on one post raise it a step.
      String crowded = null;
      for (int i = 1; i <= 5; i++) {
        crowded =
            server
                .send("POST", "/v1/reports", platform, termsNotice("t2", "acct-b", "u" + i))
                .json()
                .get("caseId")
                .asText();
      }
      JsonNode many = server.send("GET", "/v1/cases/" + crowded, moderator, null).json();
      assertThat(many.get("reporterCount").asInt()).isEqualTo(5);
      assertThat(many.get("priority").asText()).isEqualTo("normal");

      // An account with two earlier restrictions: its next case starts a step higher.
      String label = "{\"action\":\"label\",\"ground\":\"terms\",\"explanation\":\"Misleading.\"}";
      for (String content : List.of("t3", "t4")) {
        String caseId =
            server
                .send("POST", "/v1/reports", platform, termsNotice(content, "acct-c", "u9"))
                .json()
                .get("caseId")
                .asText();
        assertThat(
                server.send("POST", "/v1/cases/" + caseId + "/decision", moderator, label).status())
            .isEqualTo(201);
      }
      String third =
          server
              .send("POST", "/v1/reports", platform, termsNotice("t5", "acct-c", "u9"))
              .json()
              .get("caseId")
              .asText();
      assertThat(
              server
                  .send("GET", "/v1/cases/" + third, moderator, null)
                  .json()
                  .get("priority")
                  .asText())
          .isEqualTo("normal");

      // The platform registered the account's holder as 11 years old: a minor is involved.
      assertThat(
              server
                  .send(
                      "PUT",
                      "/v1/accounts/kid-1",
                      platform,
                      "{\"country\": \"AU\", \"birthDate\": \"2014-04-01\"}")
                  .status())
          .isBetween(200, 204);
      String minor =
          server
              .send("POST", "/v1/reports", platform, termsNotice("t6", "kid-1", "u10"))
              .json()
              .get("caseId")
              .asText();
      JsonNode kid = server.send("GET", "/v1/cases/" + minor, moderator, null).json();
      assertThat(kid.get("minorInvolved").asBoolean()).isTrue();
      assertThat(kid.get("priority").asText()).isEqualTo("normal");
    }
  }

  @Test
  void appeal_afterTheWindow_refused() throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (TestServer server =
        new TestServer(
            TestDatabases.postgresUrl(), "postgres", "postgres", clock, ReviewConfig.defaults())) {
      String platform = server.key(Role.PLATFORM);
      String moderator = server.key(Role.MODERATOR);
      String caseId =
          server
              .send("POST", "/v1/reports", platform, report("w1", "terms", "user", "u"))
              .json()
              .get("caseId")
              .asText();
      String label = "{\"action\":\"label\",\"ground\":\"terms\",\"explanation\":\"Misleading.\"}";
      assertThat(
              server.send("POST", "/v1/cases/" + caseId + "/decision", moderator, label).status())
          .isEqualTo(201);
      clock.advance(Duration.ofDays(190));
      TestServer.Reply late =
          server.send("POST", "/v1/cases/" + caseId + "/appeals", platform, "{\"reason\":\"x\"}");
      assertThat(late.status()).isEqualTo(409);
      assertThat(late.json().get("error").asText()).isEqualTo("appeal_window_closed");
    }
  }

  @Test
  void claim_expired_anotherModeratorTakesOver() throws Exception {
    MutableClock clock = new MutableClock(T0);
    try (TestServer server =
        new TestServer(
            TestDatabases.postgresUrl(), "postgres", "postgres", clock, ReviewConfig.defaults())) {
      String platform = server.key(Role.PLATFORM);
      String alice = server.key(Role.MODERATOR);
      String bob = server.key(Role.MODERATOR);
      String caseId =
          server
              .send("POST", "/v1/reports", platform, report("c1", "terms", "user", "u"))
              .json()
              .get("caseId")
              .asText();
      TestServer.Reply claimed = server.send("POST", "/v1/cases/" + caseId + "/claim", alice, null);
      assertThat(claimed.status()).isEqualTo(200);
      String aliceActor = claimed.json().get("claimedBy").asText();
      assertThat(Instant.parse(claimed.json().get("claimExpiresAt").asText()))
          .isEqualTo(T0.plus(Duration.ofMinutes(15)));
      clock.advance(Duration.ofMinutes(14));
      assertThat(server.send("POST", "/v1/cases/" + caseId + "/claim", bob, null).status())
          .isEqualTo(409);
      clock.advance(Duration.ofMinutes(2));
      // The sweep returns the expired claim to the queue.
      server.app().review().escalation().sweep();
      JsonNode back = server.send("GET", "/v1/cases/" + caseId, alice, null).json();
      assertThat(back.get("state").asText()).isEqualTo("open");
      assertThat(back.get("claimedBy").isNull()).isTrue();
      TestServer.Reply taken = server.send("POST", "/v1/cases/" + caseId + "/claim", bob, null);
      assertThat(taken.status()).isEqualTo(200);
      assertThat(taken.json().get("claimedBy").asText())
          .startsWith("key:")
          .isNotEqualTo(aliceActor);
      // Alice's claim is gone: her decision is refused while Bob holds the case.
      TestServer.Reply late =
          server.send("POST", "/v1/cases/" + caseId + "/decision", alice, REMOVE);
      assertThat(late.status()).isEqualTo(409);
      assertThat(late.json().get("error").asText()).isEqualTo("case_claimed");
      String auditor = server.key(Role.AUDITOR);
      assertThat(server.send("POST", "/v1/cases/" + caseId + "/decision", auditor, REMOVE).status())
          .isEqualTo(403);
    }
  }

  @Test
  void bulkDecision_oneAccountReportedManyTimes_oneSuspension() throws Exception {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String platform = server.key(Role.PLATFORM);
      String moderator = server.key(Role.MODERATOR);
      for (String content : List.of("b1", "b2", "b3")) {
        assertThat(
                server
                    .send(
                        "POST",
                        "/v1/reports",
                        platform,
                        report(content, "sexualised_comments_minor", "user", "u-" + content))
                    .status())
            .isEqualTo(201);
      }
      String body =
          "{\"filter\":{\"accountId\":\"acct-42\",\"state\":\"open\"},\"decision\":{\"action\":"
              + "\"suspend_account\",\"ground\":\"terms\",\"explanation\":\"Sexualised comments"
              + " under photos of children.\"}}";
      TestServer.Reply bulk = server.send("POST", "/v1/cases/bulk-decision", moderator, body);
      assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
      assertThat(bulk.json().get("decided").asInt()).isEqualTo(3);
      assertThat(bulk.json().get("actions").asInt()).isEqualTo(1);
      JsonNode decisions = bulk.json().get("decisions");
      assertThat(decisions.get(0).get("decisionId").asText())
          .isEqualTo(decisions.get(2).get("decisionId").asText());
      long statements =
          server
              .app()
              .database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT COUNT(*) FROM review_statements")
                          .mapTo(Long.class)
                          .one());
      assertThat(statements).isEqualTo(1);
      String caseId = decisions.get(2).get("caseId").asText();
      assertThat(server.send("GET", "/v1/cases/" + caseId + "/statement", platform, null).status())
          .isEqualTo(200);
      assertThat(
              Json.MAPPER
                  .readTree(server.send("GET", "/v1/cases?state=open", moderator, null).body())
                  .get("cases"))
          .isEmpty();
    }
  }

  @Test
  void bulkAccountAction_everyClosedCaseAnnouncesItsOwnDecision() throws Exception {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String platform = server.key(Role.PLATFORM);
      String moderator = server.key(Role.MODERATOR);
      // Four posts of one account, c2 reported twice: four cases, five reports.
      Map<String, List<String>> reportsByCase = new java.util.LinkedHashMap<>();
      for (String[] report :
          List.of(
              new String[] {"c1", "u-1"},
              new String[] {"c2", "u-2"},
              new String[] {"c2", "u-3"},
              new String[] {"c3", "u-4"},
              new String[] {"c4", "u-5"})) {
        TestServer.Reply filed =
            server.send(
                "POST",
                "/v1/reports",
                platform,
                report(report[0], "sexualised_comments_minor", "user", report[1]));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        reportsByCase
            .computeIfAbsent(filed.json().get("caseId").asText(), k -> new java.util.ArrayList<>())
            .add(filed.json().get("reportId").asText());
      }
      assertThat(reportsByCase).hasSize(4);
      String body =
          "{\"filter\":{\"accountId\":\"acct-42\",\"state\":\"open\"},\"decision\":{\"action\":"
              + "\"suspend_account\",\"ground\":\"terms\",\"explanation\":\"Sexualised comments"
              + " under photos of children.\",\"reply\":\"We suspended the account you"
              + " reported.\"}}";
      TestServer.Reply bulk = server.send("POST", "/v1/cases/bulk-decision", moderator, body);
      assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
      assertThat(bulk.json().get("decided").asInt()).isEqualTo(4);
      assertThat(bulk.json().get("actions").asInt()).isEqualTo(1);
      String decisionId = bulk.json().get("decisions").get(0).get("decisionId").asText();

      List<String> decidedJson =
          server
              .app()
              .database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT payload FROM outbox_messages WHERE topic = 'review.decided'"
                                  + " ORDER BY seq")
                          .mapTo(String.class)
                          .list());
      assertThat(decidedJson).hasSize(4);
      Map<String, JsonNode> byCase = new java.util.LinkedHashMap<>();
      for (String json : decidedJson) {
        JsonNode message = Json.MAPPER.readTree(json);
        assertThat(byCase.put(message.get("caseId").asText(), message)).isNull();
      }
      assertThat(byCase.keySet()).containsExactlyInAnyOrderElementsOf(reportsByCase.keySet());
      List<String> acting =
          byCase.values().stream()
              .filter(m -> !m.has("coveredBy"))
              .map(m -> m.get("caseId").asText())
              .toList();
      // One action: exactly one message carries it, the others name the case that did.
      assertThat(acting).hasSize(1);
      for (Map.Entry<String, JsonNode> entry : byCase.entrySet()) {
        JsonNode message = entry.getValue();
        List<String> reportIds = new java.util.ArrayList<>();
        message.get("reportIds").forEach(id -> reportIds.add(id.asText()));
        assertThat(reportIds)
            .as(entry.getKey())
            .containsExactlyInAnyOrderElementsOf(reportsByCase.get(entry.getKey()));
        assertThat(message.get("decisionId").asText()).isEqualTo(decisionId);
        assertThat(message.get("action").asText()).isEqualTo("suspend_account");
        assertThat(message.get("reply").asText())
            .isEqualTo("We suspended the account you reported.");
        assertThat(message.get("statementPuid").asText()).isEqualTo("vigil-" + decisionId);
        assertThat(message.get("retainUntil").asText()).isNotEmpty();
        if (!entry.getKey().equals(acting.get(0))) {
          assertThat(message.get("coveredBy").asText()).isEqualTo(acting.get(0));
        }
        // Every closed case answers with the statement of the one suspension.
        TestServer.Reply statement =
            server.send("GET", "/v1/cases/" + entry.getKey() + "/statement", platform, null);
        assertThat(statement.status()).as(statement.body()).isEqualTo(200);
        assertThat(statement.json().get("transparencyDatabase").get("puid").asText())
            .isEqualTo("vigil-" + decisionId);
      }
      Map<String, Long> counts =
          server
              .app()
              .database()
              .jdbi()
              .withHandle(
                  h ->
                      Map.of(
                          "records",
                          h.createQuery("SELECT COUNT(*) FROM decisions WHERE id = :id")
                              .bind("id", decisionId)
                              .mapTo(Long.class)
                              .one(),
                          "statements",
                          h.createQuery(
                                  "SELECT COUNT(*) FROM outbox_messages WHERE topic ="
                                      + " 'statement.created'")
                              .mapTo(Long.class)
                              .one(),
                          "audited",
                          h.createQuery(
                                  "SELECT COUNT(DISTINCT subject) FROM audit_log WHERE"
                                      + " action_name = 'case.decide' AND details LIKE :d")
                              .bind("d", "%" + decisionId + "%")
                              .mapTo(Long.class)
                              .one()));
      assertThat(counts).containsEntry("records", 1L).containsEntry("statements", 1L);
      assertThat(counts).containsEntry("audited", 4L);
    }
  }
}
