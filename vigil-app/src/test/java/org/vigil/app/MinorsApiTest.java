package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.auth.Role;
import org.vigil.core.minors.RuleSetLoader;
import org.vigil.store.TestDatabases;

/** POST /v1/decide and the account endpoints, over HTTP against a real server. */
class MinorsApiTest {

  static List<ApiEndToEndTest.Db> databases() {
    return ApiEndToEndTest.databases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void accountsJourney_registerDecideReviewFetchActions(ApiEndToEndTest.Db db) {
    try (TestServer server = new TestServer(db.url(), db.user(), db.password())) {
      String platform = server.key(Role.PLATFORM);
      String auditor = server.key(Role.AUDITOR);

      TestServer.Reply created =
          server.send(
              "PUT",
              "/v1/accounts/kid-1",
              platform,
              """
              {"country": "AU", "birthDate": "2012-04-01", "timeZone": "Australia/Sydney",
               "ageSignals": [{"source": "estimate", "method": "facial", "minAge": 12, "maxAge": 14, "confidence": 0.9}],
               "connections": ["aunt"]}
              """);
      TestServer.Reply adult =
          server.send(
              "PUT",
              "/v1/accounts/adult-1",
              platform,
              """
              {"country": "AU", "ageSignals": [{"source": "verified", "method": "document", "birthDate": "1980-01-01"}]}
              """);
      assertThat(created.status()).isEqualTo(201);
      assertThat(adult.status()).isEqualTo(201);
      assertThat(server.send("GET", "/v1/accounts/kid-1", auditor, null).json().get("connections"))
          .hasSize(1);

      JsonNode message =
          server
              .send(
                  "POST",
                  "/v1/decide",
                  platform,
                  """
                  {"action": "message", "actor": {"accountId": "adult-1"}, "target": {"accountId": "kid-1"}}
                  """)
              .json();
      assertThat(message.get("decision").asText()).isEqualTo("deny");
      assertThat(message.get("reasons").get(0).get("code").asText())
          .isEqualTo("adult_contact_from_non_connection");

      server.send(
          "PUT",
          "/v1/accounts/aunt",
          platform,
          "{\"country\": \"AU\", \"ageSignals\": [{\"source\": \"verified\", \"birthDate\":"
              + " \"1975-05-05\"}]}");
      JsonNode fromConnection =
          server
              .send(
                  "POST",
                  "/v1/decide",
                  platform,
                  "{\"action\": \"message\", \"actor\": {\"accountId\": \"aunt\"},"
                      + " \"target\": {\"accountId\": \"kid-1\"}}")
              .json();
      assertThat(fromConnection.get("decision").asText()).isEqualTo("allow");

      TestServer.Reply signup =
          server.send(
              "POST",
              "/v1/decide",
              platform,
              """
              {"action": "signup", "jurisdiction": "AU", "service": {"category": "social_network"},
               "actor": {"accountId": "new-1", "birthDate": "2011-03-02", "identifiers": {"email": "x@example.org"}},
               "at": "2026-11-23T10:00:00Z"}
              """);
      assertThat(signup.status()).isEqualTo(200);
      assertThat(signup.json().get("decision").asText()).isEqualTo("deny");
      // Court orders are consulted first; version 0: no order registered on this server.
      assertThat(signup.json().get("dataVersion").asText())
          .isEqualTo("court_orders@0,minors@" + RuleSetLoader.bundled().version());
      assertThat(signup.json().get("policyVersion").asText())
          .isEqualTo(org.vigil.core.policy.BuiltinPolicy.get().version());
      String decisionId = signup.json().get("decisionId").asText();
      JsonNode stored = server.send("GET", "/v1/decisions/" + decisionId, platform, null).json();
      assertThat(stored.get("kind").asText()).isEqualTo("account_action");
      assertThat(stored.get("decision").asText()).isEqualTo("deny");
      assertThat(stored.get("subject").asText()).isEqualTo("new-1");
      assertThat(stored.get("reasons").get(0).get("rule").asText()).isEqualTo("AU-SMMA-16");
      assertThat(signup.json().get("reasons").get(0).get("rule").asText()).isEqualTo("AU-SMMA-16");

      JsonNode review =
          server
              .send("POST", "/v1/accounts/review", platform, "{\"service\": \"social_network\"}")
              .json();
      JsonNode again =
          server
              .send("POST", "/v1/accounts/review", platform, "{\"service\": \"social_network\"}")
              .json();
      assertThat(review.get("scanned").asInt()).isEqualTo(3);
      assertThat(review.get("flagged").asInt()).isEqualTo(1);
      assertThat(review.get("newActions").asInt()).isEqualTo(1);
      assertThat(again.get("newActions").asInt()).isZero();

      JsonNode actions = server.send("GET", "/v1/accounts/actions", auditor, null).json();
      assertThat(actions.get("actions")).hasSize(1);
      assertThat(actions.get("actions").get(0).get("accountId").asText()).isEqualTo("kid-1");
      assertThat(actions.get("actions").get(0).get("action").asText()).isEqualTo("remove_account");

      // Each decide call is audited against its stored decision.
      JsonNode audit =
          server.send("GET", "/v1/audit?limit=500", auditor, null).json().get("entries");
      List<JsonNode> decides = new java.util.ArrayList<>();
      audit.forEach(
          e -> {
            if (e.get("action").asText().startsWith("decide.")) {
              decides.add(e);
            }
          });
      assertThat(decides).hasSize(3);
      assertThat(decides).anyMatch(e -> e.get("subject").asText().equals("decision:" + decisionId));
      assertThat(audit.toString()).doesNotContain("x@example.org");
      assertThat(
              server
                  .send("GET", "/v1/audit/verify", auditor, null)
                  .json()
                  .get("intact")
                  .asBoolean())
          .isTrue();
    }
  }

  @Test
  void decide_badInput_422NamingFieldAndRolesEnforced() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      String platform = server.key(Role.PLATFORM);
      String auditor = server.key(Role.AUDITOR);

      TestServer.Reply action =
          server.send("POST", "/v1/decide", platform, "{\"action\":\"wink\",\"actor\":{}}");
      TestServer.Reply jurisdiction =
          server.send(
              "POST",
              "/v1/decide",
              platform,
              "{\"action\":\"signup\",\"jurisdiction\":\"XX\",\"service\":{\"category\":\"forum\"},\"actor\":{}}");
      TestServer.Reply date =
          server.send(
              "POST",
              "/v1/decide",
              platform,
              "{\"action\":\"signup\",\"jurisdiction\":\"AU\",\"actor\":{\"birthDate\":\"2011-13-02\"}}");
      TestServer.Reply broken = server.send("POST", "/v1/decide", platform, "{\"action\":");
      TestServer.Reply wrongRole =
          server.send("POST", "/v1/decide", auditor, "{\"action\":\"login\",\"actor\":{}}");
      TestServer.Reply anonymous =
          server.send("POST", "/v1/decide", null, "{\"action\":\"login\",\"actor\":{}}");
      TestServer.Reply missing = server.send("GET", "/v1/accounts/nobody", platform, null);

      assertThat(action.status()).isEqualTo(422);
      assertThat(action.json().get("field").asText()).isEqualTo("action");
      assertThat(jurisdiction.status()).isEqualTo(422);
      assertThat(jurisdiction.json().get("field").asText()).isEqualTo("jurisdiction");
      assertThat(date.status()).isEqualTo(422);
      assertThat(date.json().get("field").asText()).isEqualTo("actor.birthDate");
      assertThat(date.json().get("error").asText()).isEqualTo("invalid_field");
      assertThat(broken.status()).isEqualTo(400);
      assertThat(wrongRole.status()).isEqualTo(403);
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(missing.status()).isEqualTo(404);
    }
  }
}
