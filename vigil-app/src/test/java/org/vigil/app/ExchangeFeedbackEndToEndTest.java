package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.Priority;
import org.vigil.hash.image.MediaHasher;
import org.vigil.report.RetryPolicy;
import org.vigil.report.exchanges.StopNciiTestServer;
import org.vigil.store.TestDatabases;

/**
 * The loop, end to end: a benign image whose PDQ is on a StopNCII list (a stand-in of StopNCII's
 * API on a real socket) is fetched into a bank; an upload of it over HTTP is blocked and sent to
 * review; a moderator overturns the match through the review API; the exchange receives {@code
 * NotBlocked} for that hash through the outbox; and the next upload of the same image is not
 * blocked, its decision saying why. Real embedded PostgreSQL, real Vigil server.
 */
@Timeout(180)
class ExchangeFeedbackEndToEndTest {

  private static final String POLICY =
      "name: ncii\n"
          + "rules:\n"
          + "  - id: ncii-block\n"
          + "    when: 'matches.exists(m, m.bank == \"ncii\")'\n"
          + "    then: [block, {queue_review: {queue: ncii, priority: high}}]\n"
          + "    code: hash_match\n";

  private static final String OVERTURN =
      "{\"action\":\"no_action\",\"explanation\":\"A holiday photo: not the image the list"
          + " names; the hash match was wrong.\"}";

  private static TestServer.Reply upload(TestServer server, String key, byte[] image, String id) {
    Multipart body =
        new Multipart()
            .file("media", "photo.png", "image/png", image)
            .text("context", "{\"contentId\":\"" + id + "\"}");
    return server.send(
        HttpRequest.newBuilder(server.uri("/v1/scan"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", body.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.build()))
            .build());
  }

  private static void await(String what, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  @Test
  void overturnedMatch_isReportedToTheExchangeAndNoLongerBlocks() throws Exception {
    byte[] image = TestImages.shapesPng(4242);
    String pdq = new MediaHasher(50_000_000L).hash(image).pdq().toHex();
    try (StopNciiTestServer stopncii = new StopNciiTestServer("sub-key", "fn-key", "fn-key");
        TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      stopncii.put("ImagePDQ", pdq, 1_000);
      stopncii.put("ImagePDQ", "0".repeat(63) + "1", 1_001);
      VigilApp app = server.app();
      String platform = server.key(Role.PLATFORM);
      String moderator = server.key(Role.MODERATOR);

      // A bank fed by the StopNCII exchange, and a policy that blocks its matches and asks a
      // person.
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/banks",
                      server.adminKey,
                      "{\"name\":\"ncii\",\"action\":\"review\"}")
                  .status())
          .isEqualTo(201);
      TestServer.Reply created =
          server.send(
              "POST",
              "/v1/exchanges",
              server.adminKey,
              "{\"name\":\"stopncii-test\",\"type\":\"stopncii\",\"bank\":\"ncii\",\"url\":\""
                  + stopncii.url()
                  + "\",\"credentials\":{\"token\":\"sub-key\",\"functionKey\":\"fn-key\"},"
                  + "\"options\":{\"pageSize\":\"1\"}}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      TestServer.Reply fetched =
          server.send("POST", "/v1/exchanges/stopncii-test/fetch", server.adminKey, null);
      assertThat(fetched.status()).as(fetched.body()).isEqualTo(200);
      assertThat(fetched.json().get("added").asLong()).isEqualTo(2);
      assertThat(app.banks().countSignals("ncii")).isEqualTo(2);
      TestServer.Reply submitted =
          server.send(
              HttpRequest.newBuilder(server.uri("/v1/policies"))
                  .header("Authorization", "Bearer " + server.adminKey)
                  .header("Content-Type", "application/yaml")
                  .POST(HttpRequest.BodyPublishers.ofString(POLICY))
                  .build());
      assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
      String version = submitted.json().get("version").asText();
      assertThat(
              server
                  .send("POST", "/v1/policies/" + version + "/activate", server.adminKey, null)
                  .status())
          .isEqualTo(200);
      app.startExchangeLoop(
          new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), 5),
          Duration.ofMillis(100));

      // The upload matches the fetched hash: blocked, and a case for a person.
      TestServer.Reply first = upload(server, platform, image, "upload-1");
      assertThat(first.status()).as(first.body()).isEqualTo(200);
      assertThat(first.json().get("verdict").asText()).isEqualTo("block");
      // The policy's queue_review opens the case (the scan path does this once the policy-actions
      // wiring is on main; opening again joins the same case, so this line is harmless after it).
      app.review()
          .intake()
          .openFromPolicy(
              "default",
              new NoticeTarget("upload-1", null, null, "image"),
              NoticeCategory.NCII,
              "ncii",
              Priority.HIGH,
              first.json().get("decisionId").asText());
      JsonNode cases = server.send("GET", "/v1/cases?state=open", moderator, null).json();
      assertThat(cases.get("cases")).hasSize(1);
      String caseId = cases.get("cases").get(0).get("id").asText();
      assertThat(cases.get("cases").get(0).get("policyDecisionId").asText())
          .isEqualTo(first.json().get("decisionId").asText());

      // The moderator overturns it.
      assertThat(server.send("POST", "/v1/cases/" + caseId + "/claim", moderator, null).status())
          .isEqualTo(200);
      TestServer.Reply decided =
          server.send("POST", "/v1/cases/" + caseId + "/decision", moderator, OVERTURN);
      assertThat(decided.status()).as(decided.body()).isEqualTo(201);

      // StopNCII hears it: NotBlocked for exactly that hash, and nothing for the other one.
      await("the exchange's feedback", () -> !stopncii.feedbacks().isEmpty());
      assertThat(stopncii.feedbacks())
          .containsExactly(new StopNciiTestServer.Feedback(pdq, "NotBlocked", List.of()));

      // The same image again: not blocked; the decision says why.
      TestServer.Reply second = upload(server, platform, image, "upload-2");
      assertThat(second.status()).as(second.body()).isEqualTo(200);
      assertThat(second.json().get("verdict").asText()).isEqualTo("allow");
      JsonNode stored =
          server
              .send(
                  "GET",
                  "/v1/decisions/" + second.json().get("decisionId").asText(),
                  platform,
                  null)
              .json();
      JsonNode benign = null;
      for (JsonNode signal : stored.get("signals")) {
        if ("benign_match".equals(signal.path("kind").asText())) {
          benign = signal;
        }
      }
      assertThat(benign).as(stored.toString()).isNotNull();
      assertThat(benign.get("bank").asText()).isEqualTo("ncii");
      assertThat(benign.get("caseId").asText()).isEqualTo(caseId);
      assertThat(benign.get("reason").asText()).contains("marked benign").contains(caseId);
      assertThat(server.send("GET", "/v1/cases?state=open", moderator, null).json().get("cases"))
          .isEmpty();
    }
  }
}
