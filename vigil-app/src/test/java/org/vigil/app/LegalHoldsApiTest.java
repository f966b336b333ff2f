package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Role;
import org.vigil.core.records.RetentionJob;
import org.vigil.store.JdbcRetentionStore;
import org.vigil.store.TestDatabases;

/** Legal holds over HTTP: placed and lifted by admins, audited, and respected by retention. */
class LegalHoldsApiTest {

  private static String signup(String account) {
    return "{\"action\":\"signup\",\"jurisdiction\":\"ES\","
        + "\"service\":{\"category\":\"social_network\"},"
        + "\"actor\":{\"accountId\":\""
        + account
        + "\",\"ageSignals\":[{\"source\":\"self_declared\",\"birthDate\":\"1980-06-15\"}]}}";
  }

  @Test
  void hold_subjectHeld_keptByRetentionWhileOthersGo() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      String platform = server.key(Role.PLATFORM);
      String auditor = server.key(Role.AUDITOR);
      for (String account : new String[] {"u-held", "u-free"}) {
        TestServer.Reply decided = server.send("POST", "/v1/decide", platform, signup(account));
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        assertThat(decided.json().get("decision").asText()).isEqualTo("allow");
      }

      TestServer.Reply placed =
          server.send(
              "POST",
              "/v1/legal-holds",
              server.adminKey,
              "{\"subject\":\"u-held\",\"reason\":\"preservation letter 2026-77\"}");
      assertThat(placed.status()).as(placed.body()).isEqualTo(201);
      assertThat(placed.json().get("subject").asText()).isEqualTo("u-held");
      TestServer.Reply listed = server.send("GET", "/v1/legal-holds", auditor, null);
      assertThat(listed.json().get("holds")).hasSize(1);
      assertThat(listed.json().get("holds").get(0).get("reason").asText())
          .isEqualTo("preservation letter 2026-77");
      assertThat(
              server
                  .send("GET", "/v1/audit?subject=subject:u-held", auditor, null)
                  .json()
                  .get("entries")
                  .get(0)
                  .get("action")
                  .asText())
          .isEqualTo("legal_hold.place");

      // Thirty-one days later the retention job runs.
      Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(31)), ZoneOffset.UTC);
      long deleted =
          new RetentionJob(
                  new JdbcRetentionStore(server.app().database()),
                  server.app().audit(),
                  later,
                  Duration.ofDays(30))
              .prune();
      assertThat(deleted).isEqualTo(1);
      assertThat(decisions(server, auditor, "u-held")).isEqualTo(1);
      assertThat(decisions(server, auditor, "u-free")).isZero();

      assertThat(
              server
                  .send("DELETE", "/v1/legal-holds?subject=u-held", server.adminKey, null)
                  .status())
          .isEqualTo(204);
      assertThat(server.send("GET", "/v1/legal-holds", auditor, null).json().get("holds"))
          .isEmpty();
      assertThat(
              server
                  .send("DELETE", "/v1/legal-holds?subject=u-held", server.adminKey, null)
                  .status())
          .isEqualTo(404);
    }
  }

  @Test
  void hold_badInputOrWrongRole_preciseRefusal() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      TestServer.Reply missingReason =
          server.send("POST", "/v1/legal-holds", server.adminKey, "{\"subject\":\"u-1\"}");
      assertThat(missingReason.status()).isEqualTo(422);
      assertThat(missingReason.json().get("field").asText()).isEqualTo("reason");
      TestServer.Reply longSubject =
          server.send(
              "POST",
              "/v1/legal-holds",
              server.adminKey,
              "{\"subject\":\"" + "s".repeat(257) + "\",\"reason\":\"r\"}");
      assertThat(longSubject.status()).isEqualTo(422);
      assertThat(longSubject.json().get("field").asText()).isEqualTo("subject");
      assertThat(
              server
                  .send("DELETE", "/v1/legal-holds", server.adminKey, null)
                  .json()
                  .get("field")
                  .asText())
          .isEqualTo("subject");
      String auditor = server.key(Role.AUDITOR);
      assertThat(
              server
                  .send(
                      "POST", "/v1/legal-holds", auditor, "{\"subject\":\"u-1\",\"reason\":\"r\"}")
                  .status())
          .isEqualTo(403);
      assertThat(server.send("GET", "/v1/legal-holds", server.key(Role.PLATFORM), null).status())
          .isEqualTo(403);
    }
  }

  private static int decisions(TestServer server, String key, String subject) {
    return server
        .send("GET", "/v1/decisions?subject=" + subject, key, null)
        .json()
        .get("decisions")
        .size();
  }
}
