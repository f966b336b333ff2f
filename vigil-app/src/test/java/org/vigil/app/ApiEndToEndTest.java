package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/** The foundation's user journey over HTTP, on real PostgreSQL. */
class ApiEndToEndTest {

  static final String PDQ_A = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  // PDQ_A with the last 3 bits flipped (…22 → …25): distance 3.
  static final String PDQ_A_NEAR =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b25";
  static final String MD5_X = "0123456789abcdef0123456789abcdef";

  record Db(String name, String url, String user, String password) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Db> databases() {
    return List.of(new Db("postgres", TestDatabases.postgresUrl(), "postgres", "postgres"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void scanJourney_bankChanges_visibleToNextScanWithoutRestart(Db db) {
    try (TestServer server = new TestServer(db.url(), db.user(), db.password())) {
      String admin = server.adminKey;
      String platform = server.key(Role.PLATFORM);
      String auditor = server.key(Role.AUDITOR);

      TestServer.Reply created =
          server.send(
              "POST",
              "/v1/banks",
              admin,
              "{\"name\":\"known\",\"description\":\"test\",\"pdqThreshold\":31,\"action\":\"block\"}");
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.json().get("pdqThreshold").asInt()).isEqualTo(31);

      String scanNear =
          "{\"hashes\":{\"pdq\":\""
              + PDQ_A_NEAR
              + "\"},\"context\":{\"contentId\":\"c-1\",\"userId\":\"u-1\"}}";
      assertThat(server.send("POST", "/v1/scan", platform, scanNear).json().get("verdict").asText())
          .isEqualTo("allow");

      TestServer.Reply signal =
          server.send(
              "POST",
              "/v1/banks/known/signals",
              admin,
              "{\"type\":\"pdq\",\"value\":\""
                  + PDQ_A.toUpperCase()
                  + "\",\"externalId\":\"ext-1\",\"source\":\"test\",\"category\":\"x\"}");
      assertThat(signal.status()).isEqualTo(201);
      long signalId = signal.json().get("id").asLong();
      assertThat(signal.json().get("value").asText()).isEqualTo(PDQ_A);

      TestServer.Reply scan = server.send("POST", "/v1/scan", platform, scanNear);
      assertThat(scan.status()).isEqualTo(200);
      JsonNode decision = scan.json();
      assertThat(decision.get("verdict").asText()).isEqualTo("block");
      assertThat(decision.get("actions").get(0).asText()).isEqualTo("block");
      JsonNode match = decision.get("matches").get(0);
      assertThat(match.get("bank").asText()).isEqualTo("known");
      assertThat(match.get("signalId").asLong()).isEqualTo(signalId);
      assertThat(match.get("type").asText()).isEqualTo("pdq");
      assertThat(match.get("distance").asInt()).isEqualTo(3);
      assertThat(decision.get("reasons").get(0).get("code").asText()).isEqualTo("hash_match");

      String id = decision.get("decisionId").asText();
      TestServer.Reply stored = server.send("GET", "/v1/decisions/" + id, auditor, null);
      assertThat(stored.status()).isEqualTo(200);
      assertThat(stored.json()).isEqualTo(decision);

      // Threshold below the distance: no longer a match, immediately.
      assertThat(server.send("PATCH", "/v1/banks/known", admin, "{\"pdqThreshold\":2}").status())
          .isEqualTo(200);
      assertThat(server.send("POST", "/v1/scan", platform, scanNear).json().get("matches"))
          .isEmpty();
      assertThat(
              server
                  .send(
                      "PATCH", "/v1/banks/known", admin, "{\"pdqThreshold\":31,\"enabled\":false}")
                  .status())
          .isEqualTo(200);
      assertThat(server.send("POST", "/v1/scan", platform, scanNear).json().get("verdict").asText())
          .isEqualTo("allow");
      server.send("PATCH", "/v1/banks/known", admin, "{\"enabled\":true}");
      assertThat(server.send("POST", "/v1/scan", platform, scanNear).json().get("verdict").asText())
          .isEqualTo("block");

      assertThat(server.send("DELETE", "/v1/banks/known/signals/" + signalId, admin, null).status())
          .isEqualTo(204);
      assertThat(server.send("POST", "/v1/scan", platform, scanNear).json().get("verdict").asText())
          .isEqualTo("allow");

      // Exact digests, in a review bank.
      server.send("POST", "/v1/banks", admin, "{\"name\":\"digests\",\"action\":\"review\"}");
      server.send(
          "POST",
          "/v1/banks/digests/signals",
          admin,
          "{\"type\":\"md5\",\"value\":\"" + MD5_X + "\"}");
      JsonNode exact =
          server
              .send(
                  "POST",
                  "/v1/scan",
                  platform,
                  "{\"hashes\":{\"md5\":\"" + MD5_X.toUpperCase() + "\"}}")
              .json();
      assertThat(exact.get("verdict").asText()).isEqualTo("review");
      assertThat(exact.get("matches").get(0).get("distance").asInt()).isZero();

      // Every decision and bank change is in the audit chain, and the chain verifies.
      JsonNode verify = server.send("GET", "/v1/audit/verify", auditor, null).json();
      assertThat(verify.get("intact").asBoolean()).isTrue();
      assertThat(verify.get("checked").asLong()).isGreaterThanOrEqualTo(12);
      JsonNode entries =
          server
              .send("GET", "/v1/audit?subject=decision:" + id, auditor, null)
              .json()
              .get("entries");
      assertThat(entries).hasSize(1);
      assertThat(entries.get(0).get("action").asText()).isEqualTo("scan.decide");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void import_csvWithBadRows_reportsLineNumbersAndKeepsValidRows(Db db) {
    try (TestServer server = new TestServer(db.url(), db.user(), db.password())) {
      String admin = server.adminKey;
      server.send("POST", "/v1/banks", admin, "{\"name\":\"list\",\"action\":\"block\"}");
      String csv =
          "type,value,external_id,category\n"
              + "pdq,"
              + PDQ_A
              + ",e1,cat\n"
              + "md5,nothex,e2,cat\n"
              + "sha999,"
              + MD5_X
              + ",e3,cat\n"
              + "md5,"
              + MD5_X
              + ",\"quoted, id\",cat\n"
              + "\n"
              + "pdq,"
              + PDQ_A
              + ",dup,cat\n"
              + "md5\n";
      HttpRequest request =
          server
              .request("/v1/banks/list/import", admin)
              .header("Content-Type", "text/csv")
              .POST(HttpRequest.BodyPublishers.ofString(csv))
              .build();
      TestServer.Reply reply = server.send(request);
      assertThat(reply.status()).isEqualTo(200);
      JsonNode report = reply.json();
      assertThat(report.get("added").asLong()).isEqualTo(2);
      assertThat(report.get("duplicates").asLong()).isEqualTo(1);
      assertThat(report.get("rejected").asLong()).isEqualTo(3);
      assertThat(report.get("errors").findValuesAsText("line")).containsExactly("3", "4", "8");
      assertThat(report.get("errors").get(0).get("field").asText()).isEqualTo("value");
      assertThat(report.get("errors").get(1).get("field").asText()).isEqualTo("type");

      String ndjson =
          "{\"type\":\"sha256\",\"value\":\""
              + PDQ_A
              + "\",\"externalId\":\"n1\"}\n"
              + "{\"type\":\"pdq\",\"value\":\""
              + PDQ_A_NEAR
              + "\",\"bogus\":1}\n"
              + "not json\n";
      TestServer.Reply second =
          server.send(
              server
                  .request("/v1/banks/list/import?format=ndjson", admin)
                  .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                  .build());
      assertThat(second.json().get("added").asLong()).isEqualTo(1);
      assertThat(second.json().get("errors").get(0).get("field").asText()).isEqualTo("bogus");
      assertThat(second.json().get("errors").get(1).get("line").asLong()).isEqualTo(3);

      String platform = server.key(Role.PLATFORM);
      JsonNode scan =
          server
              .send(
                  "POST",
                  "/v1/scan",
                  platform,
                  "{\"hashes\":{\"pdq\":\"" + PDQ_A_NEAR + "\",\"md5\":\"" + MD5_X + "\"}}")
              .json();
      assertThat(scan.get("matches")).hasSize(2);
      assertThat(server.send("GET", "/v1/banks/list", admin, null).json().get("signals").asLong())
          .isEqualTo(3);
    }
  }
}
