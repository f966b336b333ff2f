package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.core.policy.BuiltinPolicy;
import org.vigil.store.TestDatabases;

/**
 * Policies belong to a tenant (issue 13): a tenant's live policy decides only its own scans and
 * decide calls, a tenant without one is decided by the built-in policy, and shadow reports and
 * backtests read only the tenant's decisions. Over HTTP on PostgreSQL.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PolicyTenancyTest {

  private static final String BLOCK_MATCHES =
      """
      name: block-matches
      rules:
        - id: any-match
          when: 'matches.size() > 0'
          then: [block]
      """;

  private static TestServer server;
  private static String adminA;
  private static String platformA;
  private static String adminB;
  private static String platformB;
  private static String platformC;

  @BeforeAll
  static void start() {
    server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres");
    adminA = server.adminKey;
    platformA = server.key(Role.PLATFORM);
    adminB = server.key(Role.ADMIN, "forum-b");
    platformB = server.key(Role.PLATFORM, "forum-b");
    platformC = server.key(Role.PLATFORM, "forum-c");
    server.send(
        "POST",
        "/v1/banks",
        adminA,
        "{\"name\":\"everyone\",\"pdqThreshold\":31,\"action\":\"label\"}");
    server.send(
        "POST",
        "/v1/banks/everyone/signals",
        adminA,
        "{\"type\":\"pdq\",\"value\":\"" + ApiEndToEndTest.PDQ_A + "\"}");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static TestServer.Reply submit(String key, String yaml) {
    return server.send(
        server
            .request("/v1/policies", key)
            .header("Content-Type", "application/yaml")
            .POST(HttpRequest.BodyPublishers.ofString(yaml))
            .build());
  }

  private static JsonNode scan(String key) {
    TestServer.Reply reply =
        server.send(
            "POST",
            "/v1/scan",
            key,
            "{\"hashes\":{\"pdq\":\"" + ApiEndToEndTest.PDQ_A_NEAR + "\"}}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  private static List<String> versions(String key) {
    List<String> versions = new ArrayList<>();
    server
        .send("GET", "/v1/policies", key, null)
        .json()
        .get("policies")
        .forEach(p -> versions.add(p.get("version").asText()));
    return versions;
  }

  @Test
  void activate_oneTenantsPolicy_decidesOnlyThatTenantsScansAndDecides() {
    String builtin = BuiltinPolicy.get().version();
    String version = submit(adminB, BLOCK_MATCHES).json().get("version").asText();
    TestServer.Reply activated =
        server.send("POST", "/v1/policies/" + version + "/activate", adminB, null);
    assertThat(activated.status()).as(activated.body()).isEqualTo(200);

    JsonNode ofB = scan(platformB);
    JsonNode ofA = scan(platformA);
    JsonNode ofC = scan(platformC);
    TestServer.Reply decideB =
        server.send(
            "POST",
            "/v1/decide",
            platformB,
            "{\"action\":\"signup\",\"jurisdiction\":\"FR\",\"service\":{\"category\":\"forum\"},"
                + "\"actor\":{\"birthDate\":\"1990-01-01\"}}");

    assertThat(ofB.get("verdict").asText()).isEqualTo("block");
    assertThat(ofB.get("policyVersion").asText()).isEqualTo(version);
    assertThat(ofA.get("verdict").asText()).isEqualTo("label");
    assertThat(ofA.get("policyVersion").asText()).isEqualTo(builtin);
    assertThat(ofC.get("verdict").asText()).isEqualTo("label");
    assertThat(ofC.get("policyVersion").asText()).isEqualTo(builtin);
    assertThat(decideB.status()).as(decideB.body()).isEqualTo(200);
    assertThat(decideB.json().get("policyVersion").asText()).isEqualTo(version);

    // Forum A cannot see, read or activate forum B's version.
    assertThat(server.send("GET", "/v1/policies", adminA, null).json().get("live").asText())
        .isEqualTo(builtin);
    assertThat(server.send("GET", "/v1/policies", adminB, null).json().get("live").asText())
        .isEqualTo(version);
    assertThat(versions(adminA)).doesNotContain(version);
    assertThat(versions(adminB)).contains(version, builtin);
    assertThat(server.send("GET", "/v1/policies/" + version, adminA, null).status()).isEqualTo(404);
    assertThat(server.send("POST", "/v1/policies/" + version + "/activate", adminA, null).status())
        .isEqualTo(404);
    assertThat(server.send("GET", "/v1/policies/" + version + "/report", adminA, null).status())
        .isEqualTo(404);
    assertThat(scan(platformA).get("verdict").asText()).isEqualTo("label");

    // Forum B rolls back to the built-in policy it had before.
    server.send("POST", "/v1/policies/" + builtin + "/activate", adminB, null);
    assertThat(scan(platformB).get("verdict").asText()).isEqualTo("label");
  }

  @Test
  void sameText_twoTenants_eachKeepsItsOwnVersionAndState() {
    String text = BLOCK_MATCHES.replace("block-matches", "same-text");
    TestServer.Reply ofA = submit(adminA, text);
    TestServer.Reply ofB = submit(adminB, text);
    assertThat(ofA.status()).isEqualTo(201);
    assertThat(ofB.status()).isEqualTo(201);
    String version = ofA.json().get("version").asText();
    assertThat(ofB.json().get("version").asText()).isEqualTo(version);

    server.send("POST", "/v1/policies/" + version + "/shadow", adminA, null);

    assertThat(
            server
                .send("GET", "/v1/policies/" + version, adminA, null)
                .json()
                .get("state")
                .asText())
        .isEqualTo("shadow");
    assertThat(
            server
                .send("GET", "/v1/policies/" + version, adminB, null)
                .json()
                .get("state")
                .asText())
        .isEqualTo("draft");
    server.send("POST", "/v1/policies/" + version + "/activate", adminB, null);
    assertThat(
            server
                .send("GET", "/v1/policies/" + version, adminA, null)
                .json()
                .get("state")
                .asText())
        .isEqualTo("shadow");
  }

  @Test
  void shadowReportAndBacktest_readOnlyTheTenantsDecisions() throws Exception {
    String shadow = BLOCK_MATCHES.replace("block-matches", "b-shadow");
    String version = submit(adminB, shadow).json().get("version").asText();
    server.send("POST", "/v1/policies/" + version + "/shadow", adminB, null);
    Instant from = Instant.now().minusMillis(1);
    scan(platformA);
    scan(platformA);
    scan(platformB);
    Thread.sleep(5);
    Instant to = Instant.now().plusMillis(1);

    JsonNode report =
        server.send("GET", "/v1/policies/" + version + "/report", adminB, null).json();
    JsonNode backtest =
        server
            .send(
                "POST",
                "/v1/policies/" + version + "/backtest",
                adminB,
                "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}")
            .json();

    assertThat(report.get("decisions").asLong()).as(report.toString()).isEqualTo(1);
    assertThat(backtest.get("decisions").asLong()).as(backtest.toString()).isEqualTo(1);
  }
}
