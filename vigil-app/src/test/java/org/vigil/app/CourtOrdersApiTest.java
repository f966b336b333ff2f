package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.auth.Role;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.IdentifierType;
import org.vigil.core.courtorders.RestrictedClient;
import org.vigil.core.testing.MutableClock;
import org.vigil.store.TestDatabases;

/** The court-order API over HTTP on a real server, on PostgreSQL. */
class CourtOrdersApiTest {

  record Db(String name, String url, String user, String password) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Db> databases() {
    return List.of(new Db("postgres", TestDatabases.postgresUrl(), "postgres", "postgres"));
  }

  static final Instant NOW = Instant.parse("2026-01-20T10:00:00Z");

  static String order(String startsAt, String endsAt) {
    return "{\"court\":\"Juzgado de lo Penal n.º 3 de Madrid\",\"caseRef\":\"PA 123/2025\","
        + "\"legalBasis\":\"Art. 48 Código Penal\",\"issuedOn\":\"2026-01-15\","
        + "\"startsAt\":\""
        + startsAt
        + "\",\"endsAt\":\""
        + endsAt
        + "\",\"scope\":[\"social_network\",\"messaging\"],"
        + "\"subject\":{\"emails\":[\"Offender@Example.com\"],\"phones\":[\"612 345 678\"],"
        + "\"nationalIds\":[\"12345678-z\"],\"subscriberLines\":[\"LINE-0042\"]},"
        + "\"phoneCountry\":\"ES\"}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void courtOrderJourney_createReadEnforceRevoke_neverEchoesIdentifiers(Db db) {
    MutableClock clock = new MutableClock(NOW);
    try (TestServer server = new TestServer(db.url(), db.user(), db.password(), clock)) {
      String admin = server.adminKey;
      String auditor = server.key(Role.AUDITOR);
      String platform = server.key(Role.PLATFORM);
      String provider = server.key(Role.PROVIDER);

      TestServer.Reply created =
          server.send(
              "POST",
              "/v1/court-orders",
              admin,
              order("2026-02-01T00:00:00Z", "2028-02-01T00:00:00Z"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(created.body())
          .doesNotContainIgnoringCase("offender@example.com")
          // The whole number as sent and as normalised: a bare "612" also occurs by chance in
          // the order's random hex id.
          .doesNotContain("612 345 678")
          .doesNotContain("612345678")
          .doesNotContain("12345678")
          .doesNotContain("LINE-0042");
      JsonNode order = created.json();
      String id = order.get("id").asText();
      assertThat(order.get("status").asText()).isEqualTo("pending");
      assertThat(order.get("subjectIdentifiers").get("emails").asInt()).isEqualTo(1);
      assertThat(order.get("subjectIdentifiers").get("subscriberLines").asInt()).isEqualTo(1);
      assertThat(order.get("scope")).hasSize(2);

      // Roles: admin creates, auditor reads, platform neither.
      assertThat(server.send("GET", "/v1/court-orders/" + id, auditor, null).status())
          .isEqualTo(200);
      assertThat(server.send("GET", "/v1/court-orders", platform, null).status()).isEqualTo(403);
      assertThat(
              server
                  .send("POST", "/v1/court-orders", auditor, order("2026-02-01", "2028-02-01"))
                  .status())
          .isEqualTo(403);
      assertThat(server.send("GET", "/v1/court-orders", null, null).status()).isEqualTo(401);

      // The RADIUS bridge reports the line's address; DNS enforcement sees it from the start.
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/subscriber-addresses",
                      provider,
                      "{\"subscriberLine\":\"LINE-0042\",\"address\":\"198.51.100.7\"}")
                  .status())
          .isEqualTo(204);
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/subscriber-addresses",
                      provider,
                      "{\"subscriberLine\":\"LINE-9999\",\"address\":\"198.51.100.9\"}")
                  .status())
          .isEqualTo(204);
      assertThat(server.app().courtOrders().activeAt(NOW)).isEmpty();
      clock.set(Instant.parse("2026-02-01T00:00:00Z"));
      assertThat(server.app().courtOrders().activeAt(clock.instant()))
          .containsExactly(
              new RestrictedClient(
                  "198.51.100.7",
                  java.util.Set.of(ServiceCategory.SOCIAL_NETWORK, ServiceCategory.MESSAGING),
                  id));

      TestServer.Reply active = server.send("GET", "/v1/court-orders?status=active", auditor, null);
      assertThat(active.json().get("orders")).hasSize(1);
      assertThat(active.json().get("orders").get(0).get("id").asText()).isEqualTo(id);

      // The platform asks at sign-up and login: denied, citing the case.
      TestServer.Reply signup =
          server.send(
              "POST",
              "/v1/decide",
              platform,
              "{\"action\":\"signup\",\"jurisdiction\":\"ES\","
                  + "\"service\":{\"category\":\"social_network\"},"
                  + "\"actor\":{\"identifiers\":{\"email\":\" OFFENDER@example.com\"}}}");
      assertThat(signup.status()).as(signup.body()).isEqualTo(200);
      assertThat(signup.json().get("decision").asText()).isEqualTo("deny");
      JsonNode reason = signup.json().get("reasons").get(0);
      assertThat(reason.get("code").asText()).isEqualTo("court_order");
      assertThat(reason.get("rule").asText()).isEqualTo("PA 123/2025");
      assertThat(signup.body()).doesNotContainIgnoringCase("offender");
      TestServer.Reply login =
          server.send(
              "POST",
              "/v1/decide",
              platform,
              "{\"action\":\"login\",\"jurisdiction\":\"ES\","
                  + "\"service\":{\"category\":\"social_network\"},"
                  + "\"actor\":{\"identifiers\":{\"nationalId\":\"12345678-Z\"}}}");
      assertThat(login.json().get("decision").asText()).isEqualTo("deny");
      TestServer.Reply forum =
          server.send(
              "POST",
              "/v1/decide",
              platform,
              "{\"action\":\"login\",\"jurisdiction\":\"ES\","
                  + "\"service\":{\"category\":\"forum\"},"
                  + "\"actor\":{\"identifiers\":{\"nationalId\":\"12345678-Z\"}}}");
      assertThat(forum.json().get("reasons").findValuesAsText("code"))
          .doesNotContain("court_order");
      server.app().courtOrders().sweep();

      TestServer.Reply report =
          server.send("GET", "/v1/court-orders/" + id + "/compliance", auditor, null);
      assertThat(report.status()).as(report.body()).isEqualTo(200);
      JsonNode compliance = report.json();
      assertThat(compliance.get("status").asText()).isEqualTo("active");
      assertThat(compliance.get("denials").get("total").asLong()).isEqualTo(2);
      assertThat(compliance.get("denials").get("byDay").get(0).get("day").asText())
          .isEqualTo("2026-02-01");
      assertThat(compliance.get("denials").get("byDay").get(0).get("count").asLong()).isEqualTo(2);
      assertThat(compliance.get("history").findValuesAsText("event"))
          .containsExactly("created", "activated");
      assertThat(compliance.get("subscriberAddressChanges")).hasSize(1);
      assertThat(compliance.get("subscriberAddressChanges").get(0).get("address").asText())
          .isEqualTo("198.51.100.7");
      assertThat(report.body()).doesNotContain("LINE-0042").doesNotContain("198.51.100.9");

      TestServer.Reply revoked =
          server.send(
              "POST", "/v1/court-orders/" + id + "/revoke", admin, "{\"reason\":\"appeal\"}");
      assertThat(revoked.status()).isEqualTo(200);
      assertThat(revoked.json().get("status").asText()).isEqualTo("revoked");
      assertThat(server.app().courtOrders().activeAt(clock.instant())).isEmpty();
      TestServer.Reply again =
          server.send("POST", "/v1/court-orders/" + id + "/revoke", admin, null);
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.json().get("error").asText()).isEqualTo("court_order_not_active");

      // Every change is in the audit chain, under the order's subject.
      JsonNode audit =
          server
              .send("GET", "/v1/audit?subject=court_order:" + id, auditor, null)
              .json()
              .get("entries");
      assertThat(audit.findValuesAsText("action"))
          .contains(
              "court_order.created",
              "court_order.activated",
              "court_order.compliance_report",
              "court_order.revoked");
      assertThat(audit.toString()).doesNotContainIgnoringCase("offender");
    }
  }

  @Test
  void createOrder_badInput_422NamingTheField() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      String admin = server.adminKey;
      TestServer.Reply badPhone =
          server.send(
              "POST",
              "/v1/court-orders",
              admin,
              order("2026-02-01", "2099-02-01").replace("\"612 345 678\"", "\"call me\""));
      assertThat(badPhone.status()).isEqualTo(422);
      assertThat(badPhone.json().get("field").asText()).isEqualTo("subject.phones[0]");
      assertThat(badPhone.body()).doesNotContain("call me");

      TestServer.Reply badScope =
          server.send(
              "POST",
              "/v1/court-orders",
              admin,
              order("2026-02-01", "2099-02-01").replace("\"messaging\"", "\"casino\""));
      assertThat(badScope.status()).isEqualTo(422);
      assertThat(badScope.json().get("field").asText()).isEqualTo("scope[1]");

      TestServer.Reply unknownField =
          server.send(
              "POST",
              "/v1/court-orders",
              admin,
              order("2026-02-01", "2099-02-01").replace("\"emails\"", "\"mails\""));
      assertThat(unknownField.status()).isEqualTo(422);
      assertThat(unknownField.json().get("error").asText()).isEqualTo("unknown_field");

      TestServer.Reply past =
          server.send("POST", "/v1/court-orders", admin, order("2020-01-01", "2021-01-01"));
      assertThat(past.status()).isEqualTo(422);
      assertThat(past.json().get("field").asText()).isEqualTo("endsAt");

      TestServer.Reply notJson = server.send("POST", "/v1/court-orders", admin, "{\"court\":");
      assertThat(notJson.status()).isEqualTo(400);

      TestServer.Reply badAddress =
          server.send(
              "POST",
              "/v1/subscriber-addresses",
              server.key(Role.PROVIDER),
              "{\"subscriberLine\":\"L1\",\"address\":\"router.local\"}");
      assertThat(badAddress.status()).isEqualTo(422);
      assertThat(badAddress.json().get("field").asText()).isEqualTo("address");

      assertThat(server.send("GET", "/v1/court-orders/co-missing", admin, null).status())
          .isEqualTo(404);
      assertThat(server.send("GET", "/v1/court-orders?status=maybe", admin, null).status())
          .isEqualTo(422);
      assertThat(server.app().courtOrders().list(null)).isEmpty();
    }
  }

  @Test
  void keyFile_firstStart_generatedOwnerOnlyAndReused() throws Exception {
    java.nio.file.Path dataDir = TestDirs.create("vigil-key-test");
    VigilConfig config = VigilConfig.fromEnvironment(Map.of()).withDataDir(dataDir);
    byte[] first = CourtOrderKeyFile.loadOrCreate(config);
    java.nio.file.Path keyFile = dataDir.resolve("court-orders.key");
    assertThat(Files.readString(keyFile).strip()).matches("[0-9a-f]{64}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    assertThat(CourtOrderKeyFile.loadOrCreate(config)).isEqualTo(first);

    Files.writeString(keyFile, "not hex");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CourtOrderKeyFile.loadOrCreate(config))
        .hasMessageContaining("VIGIL_COURT_ORDER_KEY_FILE");
    VigilConfig named =
        VigilConfig.fromEnvironment(
            Map.of("VIGIL_COURT_ORDER_KEY_FILE", dataDir.resolve("missing.key").toString()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CourtOrderKeyFile.loadOrCreate(named))
        .hasMessageContaining("does not exist");
    assertThat(dataDir.resolve("missing.key")).doesNotExist();
  }

  @Test
  void open_databaseWrittenWithAnotherKey_refusesToStart() throws Exception {
    String url = TestDatabases.postgresUrl();
    try (TestServer server = new TestServer(url, null, null)) {
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/court-orders",
                      server.adminKey,
                      order("2026-02-01", "2099-01-01"))
                  .status())
          .isEqualTo(201);
    }
    // Same database, a fresh data directory and so a newly generated key: matching would silently
    // fail, so Vigil must not start.
    VigilConfig config =
        VigilConfig.fromEnvironment(Map.of())
            .withDataDir(TestDirs.create("vigil-other-key"))
            .withDbUrl(url);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> VigilApp.open(config, Clock.systemUTC()))
        .hasMessageContaining("VIGIL_COURT_ORDER_KEY_FILE")
        .hasRootCauseMessage(
            "the court-order HMAC key differs from the one this database was written with;"
                + " restore the original key (orders made under it would otherwise match nobody)");
  }

  @Test
  void restriction_followsTheClock_withoutAnyJob() {
    MutableClock clock = new MutableClock(NOW);
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null, clock)) {
      String id =
          server
              .send(
                  "POST",
                  "/v1/court-orders",
                  server.adminKey,
                  order("2026-02-01T00:00:00Z", "2028-02-01T00:00:00Z"))
              .json()
              .get("id")
              .asText();
      server.send(
          "POST",
          "/v1/subscriber-addresses",
          server.key(Role.PROVIDER),
          "{\"subscriberLine\":\"LINE-0042\",\"address\":\"2001:DB8:AA00::/56\"}");
      Map<IdentifierType, String> phone = Map.of(IdentifierType.PHONE, "+34612345678");
      assertThat(server.app().courtOrders().match(phone, ServiceCategory.MESSAGING)).isEmpty();
      clock.set(Instant.parse("2026-02-01T00:00:00Z"));
      assertThat(server.app().courtOrders().match(phone, ServiceCategory.MESSAGING)).hasSize(1);
      assertThat(server.app().courtOrders().activeAt(clock.instant()))
          .extracting(RestrictedClient::address)
          .containsExactly("2001:db8:aa00::/56");
      clock.set(Instant.parse("2028-02-01T00:00:00Z").plus(Duration.ofSeconds(1)));
      assertThat(server.app().courtOrders().match(phone, ServiceCategory.MESSAGING)).isEmpty();
      assertThat(server.app().courtOrders().activeAt(clock.instant())).isEmpty();
      assertThat(
              server
                  .send("GET", "/v1/court-orders/" + id, server.adminKey, null)
                  .json()
                  .get("status")
                  .asText())
          .isEqualTo("expired");
    }
  }
}
