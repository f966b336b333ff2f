package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.hash.image.MediaHasher;
import org.vigil.report.ncmec.CyberTiplineTestServer;
import org.vigil.store.TestDatabases;

/**
 * The spine end to end, over HTTP on a real server and real PostgreSQL: a synthetic bank holds the
 * PDQ of a benign generated image; the live policy's rule asks for review, preservation and a
 * report; an upload of the image is decided by that rule, opens a case, seals the image in the
 * vault (encrypted on disk), drafts the CyberTipline report, and after a person confirms it the
 * report reaches the CyberTipline test server, which validates it against NCMEC's schema.
 */
class PolicyActionsEndToEndTest {

  private static final String POLICY =
      """
      name: uploads
      rules:
        - id: known-csam-close
          when: 'matches.exists(m, m.bank == "synthetic-csam" && m.distance <= 10)'
          then:
            - block
            - {queue_review: {queue: csam, priority: high, category: csam}}
            - preserve_evidence
            - report_authority
      """;

  private static void activate(TestServer server, String yaml) {
    TestServer.Reply submitted =
        server.send(
            server
                .request("/v1/policies", server.adminKey)
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml))
                .build());
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    String version = submitted.json().get("version").asText();
    assertThat(
            server
                .send("POST", "/v1/policies/" + version + "/activate", server.adminKey, null)
                .status())
        .isEqualTo(200);
  }

  private static TestServer.Reply upload(
      TestServer server, String key, byte[] image, String context) {
    Multipart body =
        new Multipart().file("media", "upload.png", "image/png", image).text("context", context);
    return server.send(
        server
            .request("/v1/scan", key)
            .header("Content-Type", body.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.build()))
            .build());
  }

  @Test
  @Timeout(180)
  void scan_matchingARuleWithEveryCaseAction_opensCaseSealsEvidenceAndFilesConfirmedReport()
      throws Exception {
    byte[] image = TestImages.shapesPng(41);
    String pdq = new MediaHasher(50_000_000L).hash(image).pdq().toHex();
    try (CyberTiplineTestServer ncmec = new CyberTiplineTestServer();
        TestServer server =
            TestServer.withNcmec(
                TestDatabases.postgresUrl(),
                Clock.systemUTC(),
                new NcmecSettings(
                    ncmec.base(),
                    CyberTiplineTestServer.USER,
                    CyberTiplineTestServer.PASSWORD,
                    "reports@example.org",
                    false,
                    true))) {
      String admin = server.adminKey;
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/banks",
                      admin,
                      "{\"name\":\"synthetic-csam\",\"description\":\"benign test images\","
                          + "\"action\":\"review\"}")
                  .status())
          .isEqualTo(201);
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/banks/synthetic-csam/signals",
                      admin,
                      "{\"type\":\"pdq\",\"value\":\"" + pdq + "\",\"source\":\"synthetic\"}")
                  .status())
          .isEqualTo(201);
      activate(server, POLICY);

      TestServer.Reply scanned =
          upload(
              server,
              server.key(Role.PLATFORM),
              image,
              "{\"contentId\":\"upload-41\",\"userId\":\"uploader-7\","
                  + "\"screenName\":\"example_uploader\",\"ip\":\"203.0.113.41\"}");
      assertThat(scanned.status()).as(scanned.body()).isEqualTo(200);
      JsonNode decision = scanned.json();
      assertThat(decision.get("verdict").asText()).isEqualTo("block");
      assertThat(decision.get("reasons").get(0).get("rule").asText()).isEqualTo("known-csam-close");
      String caseId = decision.get("caseId").asText();
      assertThat(caseId).startsWith("case_");
      assertThat(decision.get("evidence").get("state").asText()).isEqualTo("preserved");
      String evidenceId = decision.get("evidence").get("evidenceId").asText();
      assertThat(decision.get("report").get("state").asText()).isEqualTo("awaiting_confirmation");

      // The stored decision names the rule, the case and the evidence, as answered.
      String decisionId = decision.get("decisionId").asText();
      JsonNode stored = server.send("GET", "/v1/decisions/" + decisionId, admin, null).json();
      assertThat(stored.get("caseId").asText()).isEqualTo(caseId);
      assertThat(stored.get("firedRules").get(0).get("rule").asText())
          .isEqualTo("known-csam-close");
      assertThat(stored.get("evidence").get("evidenceId").asText()).isEqualTo(evidenceId);

      // The case: opened by the policy, in the rule's queue, naming the decision.
      String moderator = server.key(Role.MODERATOR);
      JsonNode reviewCase = server.send("GET", "/v1/cases/" + caseId, moderator, null).json();
      assertThat(reviewCase.get("source").asText()).isEqualTo("policy");
      assertThat(reviewCase.get("policyDecisionId").asText()).isEqualTo(decisionId);
      assertThat(reviewCase.get("queue").asText()).isEqualTo("csam");
      assertThat(reviewCase.get("category").asText()).isEqualTo("csam");
      assertThat(reviewCase.get("target").get("contentId").asText()).isEqualTo("upload-41");

      // The evidence: listed on the case, readable by a specialist, encrypted at rest.
      String specialist = server.key(Role.SPECIALIST);
      JsonNode items =
          server.send("GET", "/v1/cases/" + caseId + "/evidence", specialist, null).json();
      assertThat(items.get("items")).hasSize(1);
      assertThat(items.get("items").get(0).get("id").asText()).isEqualTo(evidenceId);
      HttpResponse<byte[]> read =
          server
              .client()
              .send(
                  server.request("/v1/evidence/" + evidenceId, specialist).GET().build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).isEqualTo(image);
      List<Path> blobs = files(server.dataDir().resolve("vault"));
      assertThat(blobs).isNotEmpty();
      byte[] probe = Arrays.copyOfRange(image, image.length / 2, image.length / 2 + 32);
      for (Path blob : blobs) {
        assertThat(indexOf(Files.readAllBytes(blob), probe))
            .as("plaintext found in " + blob)
            .isEqualTo(-1);
      }

      // The report: a draft until a person confirms it; then filed on the test server.
      String path = "/v1/cases/" + caseId + "/report";
      assertThat(server.send("GET", path, specialist, null).json().get("state").asText())
          .isEqualTo("awaiting_confirmation");
      TestServer.Reply confirmed = server.send("POST", path + "/confirm", specialist, null);
      assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
      assertThat(confirmed.json().get("state").asText()).isEqualTo("sending");
      assertThat(server.app().startCyberTiplineFiling()).isTrue();
      JsonNode filed = null;
      for (int i = 0; i < 600; i++) {
        filed = server.send("GET", path, specialist, null).json();
        if (!"sending".equals(filed.get("state").asText())) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(filed.get("state").asText()).as(filed.toString()).isEqualTo("filed");
      List<CyberTiplineTestServer.Report> reports = ncmec.finishedReports();
      assertThat(reports).hasSize(1);
      CyberTiplineTestServer.Report report = reports.get(0);
      assertThat(filed.get("reportId").asLong()).isEqualTo(report.id);
      // The test server accepted the XML only after validating it against NCMEC's XSD.
      assertThat(report.xml).contains("<reportingPerson>").contains("reports@example.org");
      assertThat(report.files.values()).singleElement().isEqualTo(image);
      // What the platform sent with the scan: the uploader, the upload's IP, the original PDQ.
      assertThat(report.xml)
          .contains("<espIdentifier>uploader-7</espIdentifier>")
          .contains("example_uploader")
          .contains("<ipAddress>203.0.113.41</ipAddress>")
          .contains("<eventName>Upload</eventName>");
      assertThat(report.details.values()).singleElement().asString().contains(pdq);
    }
  }

  @Test
  @Timeout(120)
  void scan_matchingNothing_opensNoCase() throws Exception {
    try (TestServer server =
        new TestServer(TestDatabases.postgresUrl(), null, null, Clock.systemUTC())) {
      server.send(
          "POST",
          "/v1/banks",
          server.adminKey,
          "{\"name\":\"synthetic-csam\",\"description\":\"benign test images\"}");
      activate(server, POLICY);
      String moderator = server.key(Role.MODERATOR);
      int before = server.send("GET", "/v1/cases", moderator, null).json().get("cases").size();

      TestServer.Reply scanned =
          upload(
              server,
              server.key(Role.PLATFORM),
              TestImages.shapesPng(42),
              "{\"contentId\":\"upload-42\"}");
      assertThat(scanned.status()).as(scanned.body()).isEqualTo(200);
      JsonNode decision = scanned.json();
      assertThat(decision.get("verdict").asText()).isEqualTo("allow");
      assertThat(decision.has("caseId")).isFalse();
      assertThat(decision.has("evidence")).isFalse();
      JsonNode cases = server.send("GET", "/v1/cases", moderator, null).json().get("cases");
      assertThat(cases.size()).isEqualTo(before);
      for (JsonNode c : cases) {
        assertThat(c.get("target").get("contentId").asText()).isNotEqualTo("upload-42");
      }
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return new ArrayList<>(walk.filter(Files::isRegularFile).toList());
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
