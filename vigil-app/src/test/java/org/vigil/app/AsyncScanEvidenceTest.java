package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.hash.image.MediaHasher;
import org.vigil.store.TestDatabases;
import org.vigil.stream.TestBroker;

/**
 * An image scanned asynchronously (POST /v1/scan?async=true, decided by a worker off Kafka) whose
 * live policy rule says preserve_evidence: the worker seals the uploaded image itself, as a
 * synchronous upload does, not only the decision's metadata. Real broker, real PostgreSQL; the
 * worker shares the API node's data directory (its vault and key files), as the README's
 * one-machine walk-through runs it.
 */
class AsyncScanEvidenceTest {

  private static final String POLICY =
      """
      name: uploads
      rules:
        - id: known-close
          when: 'matches.exists(m, m.bank == "synthetic-known" && m.distance <= 10)'
          then: [block, preserve_evidence]
      """;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void asyncImageScan_ruleSaysPreserve_workerSealsTheUploadedBytes() throws Exception {
    byte[] image = TestImages.shapesPng(43);
    String pdq = new MediaHasher(50_000_000L).hash(image).pdq().toHex();
    String db = TestDatabases.postgresUrl();
    try (TestBroker broker = new TestBroker();
        TestServer api =
            TestServer.withKafka(
                db, new StreamSettings(broker.bootstrap(), StreamSettings.Role.API, 12, 4))) {
      String admin = api.adminKey;
      assertThat(
              api.send(
                      "POST",
                      "/v1/banks",
                      admin,
                      "{\"name\":\"synthetic-known\",\"action\":\"review\"}")
                  .status())
          .isEqualTo(201);
      assertThat(
              api.send(
                      "POST",
                      "/v1/banks/synthetic-known/signals",
                      admin,
                      "{\"type\":\"pdq\",\"value\":\"" + pdq + "\"}")
                  .status())
          .isEqualTo(201);
      TestServer.Reply submitted =
          api.send(
              api.request("/v1/policies", admin)
                  .header("Content-Type", "application/yaml")
                  .POST(HttpRequest.BodyPublishers.ofString(POLICY))
                  .build());
      assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
      String version = submitted.json().get("version").asText();
      assertThat(api.send("POST", "/v1/policies/" + version + "/activate", admin, null).status())
          .isEqualTo(200);

      try (VigilApp worker =
          VigilApp.open(TestServer.config(db, api.dataDir()), Clock.systemUTC())) {
        worker.banks().loadAll();
        worker.startKafka(
            new StreamSettings(broker.bootstrap(), StreamSettings.Role.WORKER, 12, 4));

        String platform = api.key(Role.PLATFORM);
        Multipart body =
            new Multipart()
                .file("media", "upload.png", "image/png", image)
                .text("context", "{\"contentId\":\"async-43\"}");
        TestServer.Reply accepted =
            api.send(
                api.request("/v1/scan?async=true", platform)
                    .header("Content-Type", body.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.build()))
                    .build());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String requestId = accepted.json().get("requestId").asText();

        JsonNode status = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
          status = api.send("GET", "/v1/scan/requests/" + requestId, platform, null).json();
          if (status.get("status").asText().equals("decided")) {
            break;
          }
          Thread.sleep(100);
        }
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("decided");
        JsonNode decision = status.get("decision");
        assertThat(decision.get("verdict").asText()).isEqualTo("block");
        JsonNode evidence = decision.get("evidence");
        assertThat(evidence.get("state").asText()).isEqualTo("preserved");
        assertThat(evidence.get("mediaType").asText()).isEqualTo("image/png");

        String specialist = api.key(Role.SPECIALIST);
        HttpResponse<byte[]> read =
            api.client()
                .send(
                    api.request("/v1/evidence/" + evidence.get("evidenceId").asText(), specialist)
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(image);
      }
    }
  }
}
