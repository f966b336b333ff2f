package org.vigil.app.exchanges;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.app.TestServer;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/**
 * The flood guard over HTTP: a signal that matched more than 100 items within an hour is held, so a
 * scan that matches it goes to review instead of being blocked (the reason says why) and {@code
 * signal.quarantined} is queued once; an admin lists and releases it; then it blocks again.
 */
@Timeout(180)
class FloodGuardApiTest {

  private static final String PDQ =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  private static List<String> codes(JsonNode scan) {
    List<String> codes = new ArrayList<>();
    scan.get("reasons").forEach(r -> codes.add(r.get("code").asText()));
    return codes;
  }

  @Test
  void floodedSignal_goesToReviewUntilReleased() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String platform = server.key(Role.PLATFORM);
      String auditor = server.key(Role.AUDITOR);
      server.send(
          "POST", "/v1/banks", server.adminKey, "{\"name\":\"partner\",\"action\":\"block\"}");
      long signalId =
          server
              .send(
                  "POST",
                  "/v1/banks/partner/signals",
                  server.adminKey,
                  "{\"type\":\"pdq\",\"value\":\"" + PDQ + "\",\"externalId\":\"p-1\"}")
              .json()
              .get("id")
              .asLong();
      String scan = "{\"hashes\":{\"pdq\":\"" + PDQ + "\"},\"context\":{\"contentId\":\"c\"}}";
      assertThat(server.send("POST", "/v1/scan", platform, scan).json().get("verdict").asText())
          .isEqualTo("block");

      // 100 more uploads matched within the hour (counted as a server counts scans' matches).
      Instant now = Instant.now();
      for (int i = 0; i < 100; i++) {
        server
            .app()
            .exchangeLoop()
            .flood()
            .observe("partner", signalId, "upload-" + i, "default", now);
      }

      JsonNode held = server.send("POST", "/v1/scan", platform, scan).json();
      assertThat(held.get("verdict").asText()).isEqualTo("review");
      assertThat(held.get("matches")).isEmpty();
      assertThat(codes(held)).contains("flood_guard", "held_match");
      Integer announced =
          server
              .app()
              .database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT COUNT(*) FROM outbox_messages WHERE topic ="
                                  + " 'signal.quarantined'")
                          .mapTo(Integer.class)
                          .one());
      assertThat(announced).isEqualTo(1);

      JsonNode holds = server.send("GET", "/v1/signal-holds", auditor, null).json();
      assertThat(holds.get("holds")).hasSize(1);
      assertThat(holds.get("holds").get(0).get("signalId").asLong()).isEqualTo(signalId);
      assertThat(holds.get("holds").get(0).get("limit").asLong()).isEqualTo(100);
      assertThat(server.send("GET", "/v1/signal-holds", platform, null).status()).isEqualTo(403);
      assertThat(
              server.send("DELETE", "/v1/signal-holds/partner/" + signalId, auditor, null).status())
          .isEqualTo(403);
      assertThat(
              server.send("DELETE", "/v1/signal-holds/partner/x", server.adminKey, null).status())
          .isEqualTo(422);

      assertThat(
              server
                  .send("DELETE", "/v1/signal-holds/partner/" + signalId, server.adminKey, null)
                  .status())
          .isEqualTo(204);
      assertThat(
              server
                  .send("DELETE", "/v1/signal-holds/partner/" + signalId, server.adminKey, null)
                  .status())
          .isEqualTo(404);
      assertThat(server.send("POST", "/v1/scan", platform, scan).json().get("verdict").asText())
          .isEqualTo("block");
      assertThat(server.send("GET", "/v1/audit?subject=bank:partner", server.adminKey, null).body())
          .contains("signal.hold.release");
    }
  }
}
