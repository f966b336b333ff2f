package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Role;
import org.vigil.core.testing.MutableClock;
import org.vigil.store.TestDatabases;

/**
 * Security review, issue 15 #8: identical probes inflated the court's compliance report (200
 * probes, 200 refusals), and POST /v1/decide could be used without limit as an oracle on the order
 * register.
 */
class DecideAbuseTest {

  private static final String PROBE =
      "{\"action\":\"signup\",\"jurisdiction\":\"ES\",\"service\":{\"category\":\"social_network\"},"
          + "\"actor\":{\"identifiers\":{\"email\":\"Offender@example.com\"}}}";

  @Test
  void complianceReport_identicalProbes_countOncePerIdentifierAndDay() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    try (TestServer server =
        TestServer.withSecurity(TestDatabases.postgresUrl(), clock, SecuritySettings.defaults())) {
      String id =
          server
              .send(
                  "POST",
                  "/v1/court-orders",
                  server.adminKey,
                  CourtOrdersApiTest.order("2026-02-01T00:00:00Z", "2028-02-01T00:00:00Z"))
              .json()
              .get("id")
              .asText();
      String platform = server.key(Role.PLATFORM);
      for (int i = 0; i < 20; i++) {
        TestServer.Reply reply = server.send("POST", "/v1/decide", platform, PROBE);
        assertThat(reply.json().get("decision").asText()).isEqualTo("deny");
      }
      // Another identifier of the same person is another attempt.
      server.send(
          "POST",
          "/v1/decide",
          platform,
          PROBE.replace("email", "phone").replace("Offender@example.com", "+34612345678"));
      assertThat(total(server, id)).isEqualTo(2);
      // The next day the same probe is a new attempt.
      clock.set(Instant.parse("2026-03-02T10:00:00Z"));
      server.send("POST", "/v1/decide", platform, PROBE);
      assertThat(total(server, id)).isEqualTo(3);
    }
  }

  private static long total(TestServer server, String id) {
    JsonNode report =
        server.send("GET", "/v1/court-orders/" + id + "/compliance", server.adminKey, null).json();
    return report.get("denials").get("total").asLong();
  }

  @Test
  void decide_overTheKeysRate_is429WithRetryAfterAndOtherKeysUnaffected() {
    SecuritySettings slow = SecuritySettings.defaults().withDecideRate(0.5, 5);
    try (TestServer server =
        TestServer.withSecurity(TestDatabases.postgresUrl(), java.time.Clock.systemUTC(), slow)) {
      String prober = server.key(Role.PLATFORM);
      String other = server.key(Role.PLATFORM);
      int ok = 0;
      TestServer.Reply limited = null;
      for (int i = 0; i < 8 && limited == null; i++) {
        TestServer.Reply reply = server.send("POST", "/v1/decide", prober, PROBE);
        if (reply.status() == 429) {
          limited = reply;
        } else {
          assertThat(reply.status()).as(reply.body()).isEqualTo(200);
          ok++;
        }
      }
      assertThat(ok).isEqualTo(5);
      assertThat(limited).isNotNull();
      assertThat(limited.json().get("error").asText()).isEqualTo("rate_limited");
      assertThat(limited.json().get("message").asText()).isNotBlank();
      assertThat(limited.headers().get("retry-after"))
          .singleElement()
          .satisfies(v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
      assertThat(server.send("POST", "/v1/decide", other, PROBE).status()).isEqualTo(200);
    }
  }
}
