package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.hash.image.MediaHasher;
import org.vigil.report.exchanges.ArachnidShieldTestServer;
import org.vigil.store.TestDatabases;

/**
 * Arachnid Shield as a remote lookup on the scan path, end to end: an upload whose PDQ the service
 * classifies is matched (the hit learned into the exchange's bank with its provenance), a test
 * entry is not, and only the hash leaves Vigil. Real Vigil server, real PostgreSQL, a stand-in of
 * the Shield API on a real socket.
 */
@Timeout(180)
class ArachnidLookupEndToEndTest {

  private static TestServer.Reply upload(TestServer server, String key, byte[] image, String id) {
    Multipart body =
        new Multipart()
            .file("media", "photo.png", "image/png", image)
            .text("context", "{\"contentId\":\"" + id + "\",\"userId\":\"u-secret-7\"}");
    return server.send(
        HttpRequest.newBuilder(server.uri("/v1/scan"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", body.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.build()))
            .build());
  }

  @Test
  void scan_hashOnTheShieldList_isMatchedAndATestEntryIsNot() throws Exception {
    byte[] listed = TestImages.shapesPng(101);
    byte[] testEntry = TestImages.shapesPng(202);
    byte[] clean = TestImages.shapesPng(303);
    MediaHasher hasher = new MediaHasher(50_000_000L);
    String listedPdq = hasher.hash(listed).pdq().toHex();
    try (ArachnidShieldTestServer shield = new ArachnidShieldTestServer("platform", "pw");
        TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      shield.known(listedPdq, "csam");
      shield.known(hasher.hash(testEntry).pdq().toHex(), "test");
      VigilApp app = server.app();
      String platform = server.key(Role.PLATFORM);
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/banks",
                      server.adminKey,
                      "{\"name\":\"shield\",\"action\":\"review\"}")
                  .status())
          .isEqualTo(201);
      TestServer.Reply created =
          server.send(
              "POST",
              "/v1/exchanges",
              server.adminKey,
              "{\"name\":\"shield\",\"type\":\"arachnid\",\"bank\":\"shield\",\"url\":\""
                  + shield.url()
                  + "\",\"credentials\":{\"user\":\"platform\",\"password\":\"pw\"}}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      assertThat(created.body()).doesNotContain("\"pw\"");
      app.startExchangeLoop();

      TestServer.Reply hit = upload(server, platform, listed, "post-1");
      TestServer.Reply test = upload(server, platform, testEntry, "post-2");
      TestServer.Reply none = upload(server, platform, clean, "post-3");

      assertThat(hit.status()).as(hit.body()).isEqualTo(200);
      assertThat(hit.json().get("verdict").asText()).isEqualTo("review");
      JsonNode match = hit.json().get("matches").get(0);
      assertThat(match.get("bank").asText()).isEqualTo("shield");
      assertThat(hit.json().get("hashes").get("remote").get(0).get("classification").asText())
          .isEqualTo("csam");
      // The hit is a signal of the bank now, with where it came from.
      TestServer.Reply signal =
          server.send(
              "GET",
              "/v1/banks/shield/signals/" + match.get("signalId").asLong(),
              server.adminKey,
              null);
      assertThat(signal.json().get("value").asText()).isEqualTo(listedPdq);
      assertThat(signal.json().get("category").asText()).isEqualTo("csam");

      assertThat(test.json().get("verdict").asText()).isEqualTo("allow");
      assertThat(test.json().get("matches")).isEmpty();
      assertThat(test.json().get("hashes").get("remote").get(0).get("classification").asText())
          .isEqualTo("test");
      assertThat(none.json().get("verdict").asText()).isEqualTo("allow");
      assertThat(app.banks().countSignals("shield")).isEqualTo(1);

      // Only the PDQ hash left: nothing of the content id or the user.
      assertThat(shield.bodies()).hasSize(3);
      assertThat(shield.bodies().get(0))
          .isEqualTo(
              "{\"hashes\":[\""
                  + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(listedPdq))
                  + "\"]}");
      for (String body : shield.bodies()) {
        assertThat(body).doesNotContain("post-").doesNotContain("u-secret");
      }
    }
  }
}
