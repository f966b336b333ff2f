package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Role;
import org.vigil.core.testing.MutableClock;
import org.vigil.store.TestDatabases;

/**
 * Security review, issue 15 #2: only the provider's RADIUS bridge may feed subscriber addresses,
 * addresses are hosts or narrow prefixes, and a reassignment that releases a restricted line is
 * audited and shown in the court's compliance report with the key that did it.
 */
class SubscriberAddressFeedTest {

  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private static TestServer server;
  private static String provider;
  private static String orderId;

  @BeforeAll
  static void start() {
    server = new TestServer(TestDatabases.postgresUrl(), null, null, CLOCK);
    provider = server.key(Role.PROVIDER);
    orderId =
        server
            .send(
                "POST",
                "/v1/court-orders",
                server.adminKey,
                CourtOrdersApiTest.order("2026-02-01T00:00:00Z", "2028-02-01T00:00:00Z"))
            .json()
            .get("id")
            .asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static TestServer.Reply feed(String key, String line, String address) {
    return server.send(
        "POST",
        "/v1/subscriber-addresses",
        key,
        "{\"subscriberLine\":\"" + line + "\",\"address\":\"" + address + "\"}");
  }

  @Test
  void subscriberAddresses_platformKey_is403AndChangesNothing() {
    assertThat(feed(provider, "LINE-0042", "198.51.100.40").status()).isEqualTo(204);
    String platform = server.key(Role.PLATFORM);
    TestServer.Reply reply = feed(platform, "LINE-7777", "198.51.100.40");
    assertThat(reply.status()).as(reply.body()).isEqualTo(403);
    assertThat(reply.json().get("error").asText()).isEqualTo("forbidden");
    assertThat(server.app().courtOrders().activeAt(CLOCK.instant()))
        .extracting(c -> c.address())
        .contains("198.51.100.40");
    assertThat(feed(server.key(Role.AUDITOR), "LINE-0042", "198.51.100.41").status())
        .isEqualTo(403);
  }

  @Test
  void subscriberAddresses_widePrefixes_are422NamingAddress() {
    for (String wide : new String[] {"0.0.0.0/0", "198.51.100.0/24", "::/0", "2001:db8::/48"}) {
      TestServer.Reply reply = feed(provider, "LINE-0042", wide);
      assertThat(reply.status()).as(wide + " " + reply.body()).isEqualTo(422);
      assertThat(reply.json().get("field").asText()).isEqualTo("address");
    }
    assertThat(feed(provider, "LINE-0042", "2001:db8:0:100::/56").status()).isEqualTo(204);
    assertThat(feed(provider, "LINE-0042", "2001:db8:0:100::1").status()).isEqualTo(204);
    assertThat(feed(provider, "LINE-0042", "203.0.113.9").status()).isEqualTo(204);
  }

  @Test
  void subscriberAddresses_reassignmentOfRestrictedLine_auditedAndInComplianceReport() {
    assertThat(feed(provider, "LINE-0042", "192.0.2.77").status()).isEqualTo(204);
    String otherProvider = server.key(Role.PROVIDER);
    String otherActor = server.app().keys().authenticate(otherProvider).orElseThrow().actor();
    assertThat(feed(otherProvider, "LINE-5555", "192.0.2.77").status()).isEqualTo(204);

    JsonNode report =
        server
            .send("GET", "/v1/court-orders/" + orderId + "/compliance", server.adminKey, null)
            .json();
    JsonNode reassigned = null;
    for (JsonNode change : report.get("subscriberAddressChanges")) {
      if ("reassigned".equals(change.get("reason").asText())) {
        reassigned = change;
      }
    }
    assertThat(reassigned).as(report.toString()).isNotNull();
    assertThat(reassigned.get("by").asText()).isEqualTo(otherActor);

    JsonNode audit =
        server
            .send(
                "GET",
                "/v1/audit?subject=court_order:" + orderId + "&limit=100",
                server.adminKey,
                null)
            .json();
    assertThat(audit.toString())
        .contains("court_order.address_reassigned")
        .contains(otherActor)
        .doesNotContain("LINE-5555");
  }
}
