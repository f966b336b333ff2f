package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.core.records.DecisionQuery;
import org.vigil.core.records.DecisionRecord;
import org.vigil.store.TestDatabases;

/** Policies over HTTP: submit, errors with line and column, shadow, report, activate, backtest. */
class PoliciesApiTest {

  static final String ALLOW_ALL =
      """
      name: allow-all
      rules:
        - id: nothing
          when: 'matches.size() > 99'
          then: [label]
      """;

  static final String UPLOADS =
      """
      name: uploads
      rules:
        - id: ncmec-close
          when: 'matches.exists(m, m.bank == "ncmec" && m.distance <= 10)'
          then: [block, preserve_evidence, report_authority]
          stop: true
        - id: ncmec-near
          when: 'matches.exists(m, m.bank == "ncmec" && m.distance <= 31)'
          then: [{queue_review: {queue: csam, priority: high}}]
      """;

  private static TestServer.Reply submit(TestServer server, String key, String yaml) {
    return server.send(
        server
            .request("/v1/policies", key)
            .header("Content-Type", "application/yaml")
            .POST(HttpRequest.BodyPublishers.ofString(yaml))
            .build());
  }

  private static String scanNear() {
    return "{\"hashes\":{\"pdq\":\""
        + ApiEndToEndTest.PDQ_A_NEAR
        + "\"},\"context\":{\"contentId\":\"c-1\"}}";
  }

  private static void ncmecBank(TestServer server) {
    assertThat(
            server
                .send(
                    "POST",
                    "/v1/banks",
                    server.adminKey,
                    "{\"name\":\"ncmec\",\"description\":\"test\",\"pdqThreshold\":31,"
                        + "\"action\":\"label\"}")
                .status())
        .isEqualTo(201);
    assertThat(
            server
                .send(
                    "POST",
                    "/v1/banks/ncmec/signals",
                    server.adminKey,
                    "{\"type\":\"pdq\",\"value\":\"" + ApiEndToEndTest.PDQ_A + "\"}")
                .status())
        .isEqualTo(201);
  }

  private static int outboxMessages(TestServer server) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT COUNT(*) FROM outbox_messages").mapTo(Integer.class).one());
  }

  @Test
  @Timeout(120)
  void walkThrough_shadowNeverActs_activateActs_backtestOfLiveShowsNoDifference() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String admin = server.adminKey;
      String platform = server.key(Role.PLATFORM);
      ncmecBank(server);

      // The built-in policy follows the bank's action: label.
      assertThat(
              server.send("POST", "/v1/scan", platform, scanNear()).json().get("verdict").asText())
          .isEqualTo("label");

      TestServer.Reply allowAll = submit(server, admin, ALLOW_ALL);
      assertThat(allowAll.status()).isEqualTo(201);
      assertThat(allowAll.json().get("state").asText()).isEqualTo("draft");
      String allowVersion = allowAll.json().get("version").asText();
      assertThat(submit(server, admin, ALLOW_ALL).status()).isEqualTo(200);
      assertThat(
              server
                  .send("POST", "/v1/policies/" + allowVersion + "/activate", admin, null)
                  .json()
                  .get("state")
                  .asText())
          .isEqualTo("live");
      int messagesBefore = outboxMessages(server);

      TestServer.Reply uploads = submit(server, admin, UPLOADS);
      assertThat(uploads.status()).isEqualTo(201);
      assertThat(uploads.json().get("warnings")).isEmpty();
      String uploadsVersion = uploads.json().get("version").asText();
      assertThat(
              server
                  .send("POST", "/v1/policies/" + uploadsVersion + "/shadow", admin, null)
                  .json()
                  .get("state")
                  .asText())
          .isEqualTo("shadow");

      // Shadowed: the live policy allows; the shadow's block is recorded, never answered or sent.
      JsonNode shadowed = server.send("POST", "/v1/scan", platform, scanNear()).json();
      assertThat(shadowed.get("verdict").asText()).isEqualTo("allow");
      assertThat(shadowed.get("policyVersion").asText()).isEqualTo(allowVersion);
      assertThat(shadowed.has("shadow")).isFalse();
      assertThat(outboxMessages(server)).isEqualTo(messagesBefore);
      DecisionRecord stored =
          server
              .app()
              .decisionLog()
              .find("default", shadowed.get("decisionId").asText())
              .orElseThrow();
      assertThat(stored.shadow()).hasSize(1);
      assertThat(stored.shadow().get(0).verdict().wireName()).isEqualTo("block");

      JsonNode report =
          server.send("GET", "/v1/policies/" + uploadsVersion + "/report", admin, null).json();
      assertThat(report.get("decisions").asLong()).isEqualTo(1);
      assertThat(report.get("disagreements").asLong()).isEqualTo(1);
      assertThat(report.get("disagreementIds").get(0).asText())
          .isEqualTo(shadowed.get("decisionId").asText());
      assertThat(report.get("live").get("verdicts").get("allow").asLong()).isEqualTo(1);
      assertThat(report.get("candidate").get("verdicts").get("block").asLong()).isEqualTo(1);
      assertThat(report.get("rules").get(0).get("rule").asText()).isEqualTo("ncmec-close");
      assertThat(report.get("rules").get(0).get("hits").asLong()).isEqualTo(1);
      assertThat(report.get("rules").get(1).get("hits").asLong()).isEqualTo(0);

      // Activated: the same scan now blocks, names the rule, and leaves as a message.
      server.send("POST", "/v1/policies/" + uploadsVersion + "/activate", admin, null);
      JsonNode live = server.send("POST", "/v1/scan", platform, scanNear()).json();
      assertThat(live.get("verdict").asText()).isEqualTo("block");
      assertThat(live.get("policyVersion").asText()).isEqualTo(uploadsVersion);
      assertThat(live.get("reasons").get(0).get("rule").asText()).isEqualTo("ncmec-close");
      assertThat(live.get("actions").toString())
          .isEqualTo("[\"block\",\"preserve_evidence\",\"report_authority\"]");
      assertThat(outboxMessages(server)).isEqualTo(messagesBefore + 1);

      JsonNode list = server.send("GET", "/v1/policies", admin, null).json();
      assertThat(list.get("live").asText()).isEqualTo(uploadsVersion);
      List<String> states = new ArrayList<>();
      list.get("policies").forEach(p -> states.add(p.get("state").asText()));
      assertThat(states).containsOnlyOnce("live").contains("retired");

      Instant shadowedAt = Instant.parse(shadowed.get("createdAt").asText());
      Instant liveAt = Instant.parse(live.get("createdAt").asText());
      String ownRange = "{\"from\":\"" + liveAt + "\",\"to\":\"" + liveAt.plusMillis(1) + "\"}";
      JsonNode own =
          server
              .send("POST", "/v1/policies/" + uploadsVersion + "/backtest", admin, ownRange)
              .json();
      assertThat(own.get("decisions").asLong()).isEqualTo(1);
      assertThat(own.get("disagreements").asLong()).isZero();
      String both = "{\"from\":\"" + shadowedAt + "\",\"to\":\"" + liveAt.plusMillis(1) + "\"}";
      JsonNode all =
          server.send("POST", "/v1/policies/" + allowVersion + "/backtest", admin, both).json();
      assertThat(all.get("decisions").asLong()).isEqualTo(2);
      assertThat(all.get("disagreements").asLong()).isEqualTo(1);
      assertThat(all.get("disagreementIds").get(0).asText())
          .isEqualTo(live.get("decisionId").asText());

      JsonNode audit = server.send("GET", "/v1/audit?limit=200", admin, null).json();
      List<String> actions = new ArrayList<>();
      audit.get("entries").forEach(e -> actions.add(e.get("action").asText()));
      assertThat(actions)
          .contains("policy.create", "policy.shadow", "policy.activate", "policy.backtest");
    }
  }

  @Test
  @Timeout(60)
  void submit_invalidPolicy_422WithFieldLineAndColumn() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String bad =
          "name: broken\nrules:\n  - id: a\n    when: 'true'\n    then: [block]\n"
              + "  - id: b\n    when: 'matches.exists(m, m.bank == )'\n    then: [label]\n";
      TestServer.Reply reply = submit(server, server.adminKey, bad);
      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.json().get("error").asText()).isEqualTo("invalid_policy");
      assertThat(reply.json().get("field").asText()).isEqualTo("rules[1].when");
      assertThat(reply.json().get("line").asInt()).isEqualTo(7);
      assertThat(reply.json().get("column").asInt()).isEqualTo(40);

      TestServer.Reply json =
          server.send("POST", "/v1/policies", server.adminKey, "{\"name\":\"x\"}");
      assertThat(json.status()).isEqualTo(415);
      assertThat(submit(server, server.key(Role.PLATFORM), ALLOW_ALL).status()).isEqualTo(403);
      assertThat(
              server.send("GET", "/v1/policies/0123456789abcdef", server.adminKey, null).status())
          .isEqualTo(404);
    }
  }

  @Test
  @Timeout(180)
  void activate_underConcurrentScans_everyDecisionIsWhollyOneVersion() throws Exception {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String admin = server.adminKey;
      String platform = server.key(Role.PLATFORM);
      ncmecBank(server);
      String allow = submit(server, admin, ALLOW_ALL).json().get("version").asText();
      String block = submit(server, admin, UPLOADS).json().get("version").asText();
      AtomicBoolean running = new AtomicBoolean(true);
      Set<String> failures = ConcurrentHashMap.newKeySet();
      ExecutorService scanners = Executors.newFixedThreadPool(4);
      List<Future<Integer>> scans = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        scans.add(
            scanners.submit(
                () -> {
                  int n = 0;
                  while (running.get()) {
                    JsonNode d = server.send("POST", "/v1/scan", platform, scanNear()).json();
                    String version = d.get("policyVersion").asText();
                    String verdict = d.get("verdict").asText();
                    boolean consistent =
                        version.equals(allow)
                            ? verdict.equals("allow")
                            : version.equals(block)
                                ? verdict.equals("block")
                                : verdict.equals("label");
                    if (!consistent) {
                      failures.add(version + " answered " + verdict);
                    }
                    n++;
                  }
                  return n;
                }));
      }
      for (int i = 0; i < 20; i++) {
        String version = i % 2 == 0 ? allow : block;
        assertThat(
                server.send("POST", "/v1/policies/" + version + "/activate", admin, null).status())
            .isEqualTo(200);
        Thread.sleep(20);
      }
      running.set(false);
      int total = 0;
      for (Future<Integer> f : scans) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      scanners.shutdown();
      assertThat(failures).isEmpty();
      assertThat(total).isGreaterThan(0);
      // Exactly one live version in the store, and every stored decision agrees with its version.
      JsonNode list = server.send("GET", "/v1/policies", admin, null).json();
      long live = 0;
      for (JsonNode p : list.get("policies")) {
        live += p.get("state").asText().equals("live") ? 1 : 0;
      }
      assertThat(live).isEqualTo(1);
      for (DecisionRecord d :
          server
              .app()
              .decisionLog()
              .query(new DecisionQuery("default", null, null, null, null, null, null, 1000))
              .decisions()) {
        String expected =
            d.policyVersion().equals(allow)
                ? "allow"
                : d.policyVersion().equals(block) ? "block" : "label";
        assertThat(d.verdict().wireName()).as(d.id()).isEqualTo(expected);
      }
    }
  }

  @Test
  @Timeout(60)
  void decisions_areReadOnlyWithinTheirTenant() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String platform = server.key(Role.PLATFORM);
      TestServer.Reply other =
          server.send(
              "POST",
              "/v1/keys",
              server.adminKey,
              "{\"role\":\"platform\",\"tenant\":\"forum-b\"}");
      assertThat(other.status()).isEqualTo(201);
      assertThat(other.json().get("tenant").asText()).isEqualTo("forum-b");
      String otherKey = other.json().get("key").asText();

      String id =
          server.send("POST", "/v1/scan", platform, scanNear()).json().get("decisionId").asText();
      assertThat(server.send("GET", "/v1/decisions/" + id, platform, null).status()).isEqualTo(200);
      assertThat(server.send("GET", "/v1/decisions/" + id, otherKey, null).status()).isEqualTo(404);
      assertThat(
              server
                  .send("GET", "/v1/decisions?subject=c-1", otherKey, null)
                  .json()
                  .get("decisions"))
          .isEmpty();
      JsonNode mine =
          server.send("GET", "/v1/decisions?subject=c-1&kind=content", platform, null).json();
      assertThat(mine.get("decisions")).hasSize(1);
      assertThat(mine.get("decisions").get(0).get("signals")).isNotNull();
      assertThat(server.send("GET", "/v1/decisions?kind=video", platform, null).status())
          .isEqualTo(422);
    }
  }

  @Test
  @Timeout(120)
  void activate_onOneServer_reachesAnotherOnTheSameDatabase() throws Exception {
    String url = TestDatabases.postgresUrl();
    try (TestServer a = new TestServer(url, "postgres", "postgres");
        TestServer b = new TestServer(url, "postgres", "postgres")) {
      ncmecBank(a);
      String platformB = b.key(Role.PLATFORM);
      String version = submit(a, a.adminKey, UPLOADS).json().get("version").asText();
      a.send("POST", "/v1/policies/" + version + "/activate", a.adminKey, null);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      JsonNode scan;
      do {
        Thread.sleep(200);
        scan = b.send("POST", "/v1/scan", platformB, scanNear()).json();
      } while (!scan.get("policyVersion").asText().equals(version) && System.nanoTime() < deadline);
      assertThat(scan.get("policyVersion").asText()).isEqualTo(version);
      assertThat(scan.get("verdict").asText()).isEqualTo("block");
    }
  }
}
