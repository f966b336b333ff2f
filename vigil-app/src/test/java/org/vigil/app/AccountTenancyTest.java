package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/**
 * A platform key reads and writes only its own tenant's accounts (issue 13): two tenants may use
 * the same account id, and neither can see, overwrite or decide with the other's account. Over HTTP
 * on PostgreSQL, as two platforms sharing one Vigil would.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AccountTenancyTest {

  private static TestServer server;
  private static String forumA;
  private static String forumB;
  private static String auditorB;

  @BeforeAll
  static void start() {
    server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres");
    forumA = server.key(Role.PLATFORM);
    forumB = server.key(Role.PLATFORM, "forum-b");
    auditorB = server.key(Role.AUDITOR, "forum-b");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static TestServer.Reply put(String key, String id, String json) {
    return server.send("PUT", "/v1/accounts/" + id, key, json);
  }

  @Test
  void getAccount_otherTenantsAccount_is404LikeAnUnknownOne() {
    assertThat(
            put(forumA, "get-1", "{\"country\": \"AU\", \"birthDate\": \"2014-01-01\"}").status())
        .isEqualTo(201);

    TestServer.Reply mine = server.send("GET", "/v1/accounts/get-1", forumA, null);
    TestServer.Reply theirs = server.send("GET", "/v1/accounts/get-1", forumB, null);
    TestServer.Reply auditor = server.send("GET", "/v1/accounts/get-1", auditorB, null);
    TestServer.Reply unknown = server.send("GET", "/v1/accounts/nobody-at-all", forumB, null);

    assertThat(mine.status()).isEqualTo(200);
    assertThat(theirs.status()).as(theirs.body()).isEqualTo(404);
    assertThat(auditor.status()).as(auditor.body()).isEqualTo(404);
    // Not even the wording tells that the id exists elsewhere.
    assertThat(theirs.json().get("error")).isEqualTo(unknown.json().get("error"));
    assertThat(theirs.body().replace("get-1", "ID"))
        .isEqualTo(unknown.body().replace("nobody-at-all", "ID"));
  }

  @Test
  void putAccount_sameIdInAnotherTenant_createsItsOwnAndLeavesTheFirstAlone() {
    put(
        forumA,
        "u-1",
        "{\"country\": \"AU\", \"birthDate\": \"2014-01-01\", \"connections\": [\"x\"]}");

    TestServer.Reply created =
        put(forumB, "u-1", "{\"country\": \"FR\", \"birthDate\": \"1980-02-02\"}");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode a = server.send("GET", "/v1/accounts/u-1", forumA, null).json();
    JsonNode b = server.send("GET", "/v1/accounts/u-1", forumB, null).json();
    assertThat(a.get("country").asText()).isEqualTo("AU");
    assertThat(a.get("birthDate").asText()).isEqualTo("2014-01-01");
    assertThat(a.get("connections")).hasSize(1);
    assertThat(b.get("country").asText()).isEqualTo("FR");
    assertThat(b.get("birthDate").asText()).isEqualTo("1980-02-02");
    assertThat(b.get("connections")).isEmpty();
  }

  @Test
  void decide_accountOfAnotherTenant_neverSeesItsAgeData() {
    // Forum A knows minor-1 is 12 in Australia: a login there is denied (AU-SMMA-16).
    put(forumA, "minor-1", "{\"country\": \"AU\", \"birthDate\": \"2014-01-01\"}");
    String login =
        "{\"action\": \"login\", \"jurisdiction\": \"AU\", \"service\": {\"category\":"
            + " \"social_network\"}, \"actor\": {\"accountId\": \"%s\"},"
            + " \"at\": \"2026-12-20T10:00:00Z\"}";
    JsonNode forA = server.send("POST", "/v1/decide", forumA, login.formatted("minor-1")).json();
    assertThat(forA.get("decision").asText()).isEqualTo("deny");

    // Forum B never registered minor-1: it is decided exactly like an id nobody registered.
    TestServer.Reply forB = server.send("POST", "/v1/decide", forumB, login.formatted("minor-1"));
    JsonNode unknown =
        server.send("POST", "/v1/decide", forumB, login.formatted("never-registered")).json();
    assertThat(forB.status()).as(forB.body()).isEqualTo(200);
    assertThat(forB.json().get("decision").asText()).isNotEqualTo("deny");
    assertThat(forB.json().get("decision")).isEqualTo(unknown.get("decision"));
    assertThat(forB.json().get("requires")).isEqualTo(unknown.get("requires"));
    assertThat(forB.json().get("reasons")).isEqualTo(unknown.get("reasons"));
  }

  @Test
  void decide_connectionsOfAnotherTenant_areNotConsulted() {
    // In forum A the adult is the child's accepted connection; in forum B the same ids are
    // strangers, so B's adult may not message B's child.
    String child = "{\"country\": \"AU\", \"birthDate\": \"2014-01-01\", \"connections\": [%s]}";
    String adult = "{\"country\": \"AU\", \"birthDate\": \"1975-05-05\"}";
    put(forumA, "kid-c", child.formatted("\"adult-c\""));
    put(forumA, "adult-c", adult);
    put(forumB, "kid-c", child.formatted(""));
    put(forumB, "adult-c", adult);
    String message =
        "{\"action\": \"message\", \"actor\": {\"accountId\": \"adult-c\"},"
            + " \"target\": {\"accountId\": \"kid-c\"}}";

    JsonNode inA = server.send("POST", "/v1/decide", forumA, message).json();
    JsonNode inB = server.send("POST", "/v1/decide", forumB, message).json();

    assertThat(inA.get("decision").asText()).isEqualTo("allow");
    assertThat(inB.get("decision").asText()).as(inB.toString()).isEqualTo("deny");
    assertThat(inB.get("reasons").get(0).get("code").asText())
        .isEqualTo("adult_contact_from_non_connection");
  }

  @Test
  void review_walksOnlyTheCallersAccountsAndListsOnlyItsActions() {
    try (TestServer own = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String a = own.key(Role.PLATFORM);
      String b = own.key(Role.PLATFORM, "forum-b");
      own.send(
          "PUT", "/v1/accounts/r-1", a, "{\"country\": \"AU\", \"birthDate\": \"2014-01-01\"}");
      own.send(
          "PUT", "/v1/accounts/r-2", a, "{\"country\": \"AU\", \"birthDate\": \"2013-01-01\"}");
      own.send(
          "PUT",
          "/v1/accounts/r-1",
          b,
          "{\"country\": \"AU\", \"ageSignals\": [{\"source\": \"verified\", \"method\":"
              + " \"document\", \"birthDate\": \"1990-01-01\"}]}");
      String review = "{\"service\": \"social_network\", \"at\": \"2026-12-20T10:00:00Z\"}";

      JsonNode ofA = own.send("POST", "/v1/accounts/review", a, review).json();
      JsonNode ofB = own.send("POST", "/v1/accounts/review", b, review).json();

      assertThat(ofA.get("scanned").asInt()).isEqualTo(2);
      assertThat(ofA.get("flagged").asInt()).isEqualTo(2);
      assertThat(ofB.get("scanned").asInt()).isEqualTo(1);
      assertThat(ofB.get("flagged").asInt()).isZero();
      assertThat(own.send("GET", "/v1/accounts/actions", a, null).json().get("actions")).hasSize(2);
      assertThat(own.send("GET", "/v1/accounts/actions", b, null).json().get("actions")).isEmpty();
    }
  }

  @Test
  void auditTrailAndCourtOrders_keysOfAnotherTenant_areForbidden() {
    String adminB = server.key(Role.ADMIN, "forum-b");
    String auditorA = server.key(Role.AUDITOR);

    TestServer.Reply audit = server.send("GET", "/v1/audit?limit=10", auditorB, null);
    TestServer.Reply verify = server.send("GET", "/v1/audit/verify", adminB, null);
    TestServer.Reply orders = server.send("GET", "/v1/court-orders", adminB, null);
    TestServer.Reply create = server.send("POST", "/v1/court-orders", adminB, "{}");

    assertThat(audit.status()).as(audit.body()).isEqualTo(403);
    assertThat(audit.json().get("message").asText()).contains("tenant 'forum-b'");
    assertThat(verify.status()).isEqualTo(403);
    assertThat(orders.status()).isEqualTo(403);
    assertThat(create.status()).isEqualTo(403);
    assertThat(server.send("GET", "/v1/audit?limit=10", auditorA, null).status()).isEqualTo(200);
    assertThat(server.send("GET", "/v1/court-orders", server.adminKey, null).status())
        .isEqualTo(200);
  }
}
