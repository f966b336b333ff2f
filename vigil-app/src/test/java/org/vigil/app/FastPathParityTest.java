package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.vigil.core.auth.Role;
import org.vigil.core.json.Json;
import org.vigil.store.TestDatabases;

/**
 * The server answers POST /v1/scan (JSON) and POST /v1/decide on Jetty directly (FastRoutes) unless
 * the request asks for a compressed answer, which Javalin serves. Every request here is sent both
 * ways, and the two answers must be the same: status, the headers a client acts on, the body (less
 * the ids and times that differ per decision), the request-log line (less the latency) and the
 * latency metric's count.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FastPathParityTest {

  private static final String MD5 = "{\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"}}";
  private static final String SIGNUP =
      "{\"action\":\"signup\",\"jurisdiction\":\"ES\",\"service\":{\"category\":\"social_network\"},"
          + "\"actor\":{\"accountId\":\"u1\",\"ageSignals\":[{\"source\":\"self_declared\","
          + "\"birthDate\":\"2014-06-15\"}]}}";

  private static TestServer server;
  private static String dbUrl;
  private static String platform;
  private static String auditor;

  @BeforeAll
  static void start() {
    dbUrl = TestDatabases.postgresUrl();
    server = new TestServer(dbUrl, null, null);
    platform = server.key(Role.PLATFORM);
    auditor = server.key(Role.AUDITOR);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private record Answer(int status, Map<String, String> headers, JsonNode body, String logLine) {}

  private static List<Answer> both(String path, String authorization, String type, String body) {
    return both(path, authorization, type, body, null);
  }

  /**
   * Sends the request once as it is (fast path) and once with a query string, which the fast path
   * leaves to Javalin's route; both with {@code acceptEncoding} if not null.
   */
  private static List<Answer> both(
      String path, String authorization, String type, String body, String acceptEncoding) {
    List<Answer> answers = new ArrayList<>();
    for (boolean fast : new boolean[] {true, false}) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(server.uri(fast ? path : path + "?via=javalin"))
              .POST(HttpRequest.BodyPublishers.ofString(body));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      if (type != null) {
        request.header("Content-Type", type);
      }
      if (acceptEncoding != null) {
        request.header("Accept-Encoding", acceptEncoding);
      }
      ListAppender<ILoggingEvent> log = new ListAppender<>();
      Logger access = (Logger) LoggerFactory.getLogger("vigil.access");
      access.setLevel(Level.INFO);
      log.start();
      access.addAppender(log);
      long before = server.server().fastPathRequests();
      TestServer.Reply reply;
      try {
        reply = server.send(request.build());
        // Both paths log once the answer is on its way: the line may follow the answer.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lineCount(log) == 0 && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      } finally {
        access.detachAppender(log);
      }
      assertThat(server.server().fastPathRequests() - before)
          .as("%s served by the fast path", path)
          .isEqualTo(fast && type != null && type.startsWith("application/json") ? 1 : 0);
      Map<String, String> headers = new TreeMap<>();
      for (String name :
          List.of("content-type", "content-encoding", "www-authenticate", "retry-after", "allow")) {
        List<String> values = reply.headers().get(name);
        if (values != null) {
          headers.put(name, String.join(",", values));
        }
      }
      assertThat(lineCount(log)).as("request-log lines").isEqualTo(1);
      String line = log.list.get(0).getFormattedMessage().replaceAll(" \\d+ ms ", " N ms ");
      answers.add(new Answer(reply.status(), headers, withoutIds(parse(reply.body())), line));
    }
    return answers;
  }

  /** Lines appended so far (ListAppender appends while holding its own lock). */
  private static int lineCount(ListAppender<ILoggingEvent> log) {
    synchronized (log) {
      return log.list.size();
    }
  }

  private static JsonNode parse(String body) {
    try {
      return body.isEmpty() ? null : Json.MAPPER.readTree(body);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /** The body less what differs between two decisions on the same input. */
  private static JsonNode withoutIds(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(List.of("decisionId", "createdAt", "decidedAt"));
      object.elements().forEachRemaining(FastPathParityTest::withoutIds);
    } else if (node != null && node.isArray()) {
      node.elements().forEachRemaining(FastPathParityTest::withoutIds);
    }
    return node;
  }

  private static void assertSame(List<Answer> answers, int status) {
    assertThat(answers.get(0)).isEqualTo(answers.get(1));
    assertThat(answers.get(0).status()).as(answers.get(0).toString()).isEqualTo(status);
  }

  /** The latency timer's count for a route and status; 0 before its first request. */
  private static double count(String route, int status) {
    double count =
        MetricsTest.value(
            server.send("GET", "/metrics", null, null).body(),
            "vigil_http_requests_seconds_count{method=\"post\",route=\""
                + route
                + "\",status=\""
                + status
                + "\"}");
    return Double.isNaN(count) ? 0 : count;
  }

  @Test
  void scanByHashes_bothPaths_sameAnswerLogAndMetric() {
    String bearer = "Bearer " + platform;
    double ok = count("/v1/scan", 200);
    assertSame(both("/v1/scan", bearer, "application/json", MD5), 200);
    assertThat(count("/v1/scan", 200) - ok).isEqualTo(2);
    assertSame(
        both(
            "/v1/scan",
            bearer,
            "application/json; charset=utf-8",
            "{\"hashes\":{\"pdq\":\""
                + "f0".repeat(32)
                + "\"},\"context\":{\"contentId\":\"c1\"}}"),
        200);
    assertSame(both("/v1/scan", bearer, "application/json", ""), 400);
    assertSame(both("/v1/scan", bearer, "application/json", "{\"hashes\":"), 400);
    assertSame(both("/v1/scan", bearer, "application/json", "{\"hashes\":{}}"), 422);
    assertSame(both("/v1/scan", bearer, "application/json", "{\"hashes\":{\"pdq\":\"ab\"}}"), 422);
    assertSame(both("/v1/scan", bearer, "application/json", "{\"nope\":1}"), 422);
    double tooLarge = count("/v1/scan", 413);
    assertSame(
        both("/v1/scan", bearer, "application/json", "{\"hashes\":" + " ".repeat(70_000) + "}"),
        413);
    assertThat(count("/v1/scan", 413) - tooLarge).isEqualTo(2);
    // Not JSON: Javalin's route answers both ways.
    assertSame(both("/v1/scan", bearer, "text/plain", MD5), 415);
  }

  @Test
  void scanAcceptingGzip_bothPaths_largeAnswerCompressedSmallAsItIs() {
    // HTTP clients of most languages send Accept-Encoding: gzip on every request: the fast path
    // serves them too, compressing exactly the answers Javalin compresses.
    String bearer = "Bearer " + platform;
    List<Answer> small = both("/v1/scan", bearer, "application/json", MD5, "gzip, deflate");
    assertSame(small, 200);
    assertThat(small.get(0).headers()).doesNotContainKey("content-encoding");
    // The answer repeats the request's context: two long fields make it larger than 1,500 bytes.
    String large =
        "{\"hashes\":{\"md5\":\""
            + "b".repeat(32)
            + "\"},\"context\":{\"note\":\""
            + "n".repeat(1000)
            + "\",\"other\":\""
            + "m".repeat(1000)
            + "\"}}";
    List<Answer> compressed = both("/v1/scan", bearer, "application/json", large, "gzip");
    assertSame(compressed, 200);
    assertThat(compressed.get(0).headers()).containsEntry("content-encoding", "gzip");
    assertThat(compressed.get(0).body().path("context").path("note").asText()).hasSize(1000);
    List<Answer> plain = both("/v1/scan", bearer, "application/json", large, "br");
    assertSame(plain, 200);
    assertThat(plain.get(0).headers()).doesNotContainKey("content-encoding");
  }

  @Test
  void decide_bothPaths_sameAnswerLogAndMetric() {
    String bearer = "Bearer " + platform;
    assertSame(both("/v1/decide", bearer, "application/json", SIGNUP), 200);
    assertSame(both("/v1/decide", bearer, "application/json", "{\"action\":\"signup\"}"), 422);
    assertSame(both("/v1/decide", bearer, "application/json", "[1,"), 400);
    assertSame(
        both("/v1/decide", bearer, "application/json", "{\"a\":\"" + "x".repeat(70_000) + "\"}"),
        413);
  }

  @Test
  void authentication_bothPaths_sameRefusals() {
    for (String path : List.of("/v1/scan", "/v1/decide")) {
      String body = path.equals("/v1/scan") ? MD5 : SIGNUP;
      List<Answer> missing = both(path, null, "application/json", body);
      assertSame(missing, 401);
      assertThat(missing.get(0).headers()).containsEntry("www-authenticate", "Bearer");
      assertSame(both(path, "Basic abc", "application/json", body), 401);
      List<Answer> unknown = both(path, "Bearer vk_nope.nope", "application/json", body);
      assertSame(unknown, 401);
      assertThat(unknown.get(0).headers())
          .containsEntry("www-authenticate", "Bearer error=\"invalid_token\"");
      List<Answer> wrongRole = both(path, "Bearer " + auditor, "application/json", body);
      assertSame(wrongRole, 403);
      assertThat(wrongRole.get(0).body().get("message").asText()).contains("auditor");
    }
  }

  /** Counts of the scan and its commit, as /metrics shows them; NaN counts as 0. */
  private static double metric(String series) {
    double value = MetricsTest.value(server.send("GET", "/metrics", null, null).body(), series);
    return Double.isNaN(value) ? 0 : value;
  }

  private static long count(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void scan_whileItsCommitIsHeldUp_answersOnlyOnceCommitted() throws Exception {
    String bearer = "Bearer " + platform;
    // One scan first, so that the writer links the next batch from the head it knows.
    assertThat(server.send("POST", "/v1/scan", platform, MD5).status()).isEqualTo(200);
    String scans = "vigil_scans_total{verdict=\"allow\"}";
    String commits = "vigil_decision_commit_seconds_count{kind=\"content\"}";
    double scansBefore = metric(scans);
    double commitsBefore = metric(commits);
    try (Connection holder = DriverManager.getConnection(dbUrl)) {
      long decisionsBefore = count(holder, "SELECT count(*) FROM decisions");
      holder.setAutoCommit(false);
      // Every append moves the audit chain's head: with its row locked, no commit can finish.
      count(holder, "SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE");
      long served = server.server().fastPathRequests();
      CompletableFuture<HttpResponse<String>> answer =
          server
              .client()
              .sendAsync(
                  HttpRequest.newBuilder(server.uri("/v1/scan"))
                      .header("Authorization", bearer)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(MD5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (server.server().fastPathRequests() == served && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(server.server().fastPathRequests()).isEqualTo(served + 1);
      // The request was handled and its commit queued; nothing may answer before the commit.
      Thread.sleep(1500);
      assertThat(answer).isNotDone();
      assertThat(metric(scans)).as("counted before durable").isEqualTo(scansBefore);
      assertThat(metric(commits)).isEqualTo(commitsBefore);
      holder.rollback();
      HttpResponse<String> reply = answer.get(30, TimeUnit.SECONDS);
      assertThat(reply.statusCode()).isEqualTo(200);
      String id = Json.MAPPER.readTree(reply.body()).get("decisionId").asText();
      holder.setAutoCommit(true);
      assertThat(count(holder, "SELECT count(*) FROM decisions WHERE id = '" + id + "'"))
          .isEqualTo(1);
      assertThat(count(holder, "SELECT count(*) FROM decisions")).isEqualTo(decisionsBefore + 1);
      assertThat(metric(scans)).isEqualTo(scansBefore + 1);
      assertThat(metric(commits)).isEqualTo(commitsBefore + 1);
    }
  }

  @Test
  void scanAndDecide_whenTheCommitFails_answerAsTheBlockingPath() throws Exception {
    try (Connection db = DriverManager.getConnection(dbUrl);
        Statement statement = db.createStatement()) {
      statement.execute(
          "CREATE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " IF NEW.subject LIKE 'refuse-%' THEN RAISE EXCEPTION 'refused by test'; END IF;"
              + " RETURN NEW; END $$");
      statement.execute(
          "CREATE TRIGGER refuse_marked BEFORE INSERT ON decisions FOR EACH ROW"
              + " EXECUTE FUNCTION refuse_marked()");
      try {
        String bearer = "Bearer " + platform;
        double failed = count("/v1/scan", 503);
        List<Answer> scan =
            both(
                "/v1/scan",
                bearer,
                "application/json",
                "{\"hashes\":{\"md5\":\""
                    + "b".repeat(32)
                    + "\"},"
                    + "\"context\":{\"contentId\":\"refuse-1\"}}");
        assertSame(scan, 503);
        assertThat(scan.get(0).body().get("error").asText()).isEqualTo("store_unavailable");
        assertThat(count("/v1/scan", 503) - failed).isEqualTo(2);
        List<Answer> decide =
            both("/v1/decide", bearer, "application/json", SIGNUP.replace("u1", "refuse-2"));
        assertSame(decide, 503);
        assertThat(count(db, "SELECT count(*) FROM decisions WHERE subject LIKE 'refuse-%'"))
            .isZero();
        // The next request commits again.
        assertSame(both("/v1/scan", bearer, "application/json", MD5), 200);
      } finally {
        statement.execute("DROP TRIGGER refuse_marked ON decisions");
      }
    }
  }
}
