package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/** A moderator can tell which partner list matched, without reading the bank's whole listing. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ModeratorVisibilityTest {

  @Test
  void moderator_matchedSignal_readsItsMetadataButNotTheListing() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String admin = server.adminKey;
      server.send(
          "POST",
          "/v1/banks",
          admin,
          "{\"name\":\"partner\",\"description\":\"test\",\"pdqThreshold\":31,\"action\":\"block\"}");
      server.send(
          "POST",
          "/v1/banks/partner/signals",
          admin,
          "{\"type\":\"pdq\",\"value\":\""
              + ApiEndToEndTest.PDQ_A
              + "\",\"externalId\":\"partner-77\",\"source\":\"hash-exchange\",\"category\":\"csam\"}");
      String platform = server.key(Role.PLATFORM);
      TestServer.Reply scan =
          server.send(
              "POST",
              "/v1/scan",
              platform,
              "{\"hashes\":{\"pdq\":\"" + ApiEndToEndTest.PDQ_A_NEAR + "\"}}");
      long signalId = scan.json().get("matches").get(0).get("signalId").asLong();

      String moderator = server.key(Role.MODERATOR);
      TestServer.Reply signal =
          server.send("GET", "/v1/banks/partner/signals/" + signalId, moderator, null);
      assertThat(signal.status()).as(signal.body()).isEqualTo(200);
      assertThat(signal.json().get("externalId").asText()).isEqualTo("partner-77");
      assertThat(signal.json().get("source").asText()).isEqualTo("hash-exchange");
      assertThat(signal.json().get("category").asText()).isEqualTo("csam");

      assertThat(server.send("GET", "/v1/banks/partner/signals", moderator, null).status())
          .isEqualTo(403);
    }
  }
}
