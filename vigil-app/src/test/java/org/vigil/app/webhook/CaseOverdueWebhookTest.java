package org.vigil.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.app.ReviewConfig;
import org.vigil.app.TestServer;
import org.vigil.core.auth.Role;
import org.vigil.core.json.Json;
import org.vigil.core.testing.MutableClock;
import org.vigil.report.RetryPolicy;
import org.vigil.store.TestDatabases;

/**
 * A case past its deadline reaches the platform as a signed {@code case.overdue} webhook, once,
 * however often the sweep runs (issue 17: "a case past its deadline escalates (higher queue,
 * case.overdue webhook)").
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CaseOverdueWebhookTest {

  /** A platform endpoint on a loopback port that verifies with the README snippet. */
  private static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final List<String> verifiedBodies = new ArrayList<>();
    volatile String secret;

    Receiver() {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext(
          "/hook",
          exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
              body = in.readAllBytes();
            }
            var headers = exchange.getRequestHeaders();
            boolean valid;
            try {
              valid =
                  ReceiverSnippet.verify(
                      secret,
                      headers.getFirst("webhook-id"),
                      headers.getFirst("webhook-timestamp"),
                      headers.getFirst("webhook-signature"),
                      body);
            } catch (Exception e) {
              valid = false;
            }
            if (valid) {
              synchronized (this) {
                verifiedBodies.add(new String(body, StandardCharsets.UTF_8));
              }
            }
            exchange.sendResponseHeaders(valid ? 204 : 401, -1);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    synchronized List<String> verified() {
      return List.copyOf(verifiedBodies);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  @Test
  void overdueCase_sweep_signedCaseOverdueWebhookOnce() throws Exception {
    // The notice arrives 49 hours ago: its ncii deadline (at most 48 hours) has passed by now.
    MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(49)));
    try (TestServer server =
            new TestServer(
                TestDatabases.postgresUrl(),
                "postgres",
                "postgres",
                clock,
                ReviewConfig.defaults());
        Receiver receiver = new Receiver()) {
      TestServer.Reply created =
          server.send(
              "POST",
              "/v1/webhooks",
              server.adminKey,
              "{\"url\": \"" + receiver.url() + "\", \"events\": [\"case.overdue\"]}");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      receiver.secret = created.json().get("secret").asText();
      String platform = server.key(Role.PLATFORM);
      TestServer.Reply notice =
          server.send(
              "POST",
              "/v1/reports",
              platform,
              "{\"target\":{\"contentId\":\"late-1\"},\"category\":\"ncii\",\"explanation\":"
                  + "\"My private photo, posted without my consent.\",\"reporter\":{\"kind\":"
                  + "\"user\",\"id\":\"u-late\"},\"goodFaith\":true}");
      assertThat(notice.status()).as(notice.body()).isEqualTo(201);
      String caseId = notice.json().get("caseId").asText();
      String deadline = notice.json().get("deadline").asText();

      clock.set(Instant.now()); // the webhook's timestamp must be fresh for the receiver
      server
          .app()
          .startWebhookDelivery(
              new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(40), 3),
              Duration.ofMillis(20));
      // The scheduled sweep (every 30 s) may get there first: either way the case is escalated
      // once, and a later sweep finds nothing more to announce.
      server.app().review().escalation().sweep();
      assertThat(server.app().review().escalation().sweep()).isZero();
      assertThat(
              server
                  .send("GET", "/v1/cases/" + caseId, server.key(Role.MODERATOR), null)
                  .json()
                  .get("escalated")
                  .asBoolean())
          .isTrue();

      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (receiver.verified().isEmpty() && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertThat(receiver.verified()).hasSize(1);
      JsonNode event = Json.MAPPER.readTree(receiver.verified().get(0));
      assertThat(event.get("type").asText()).isEqualTo("case.overdue");
      assertThat(event.get("caseId").asText()).isEqualTo(caseId);
      assertThat(event.get("category").asText()).isEqualTo("ncii");
      assertThat(event.get("queue").asText()).isEqualTo("ncii");
      assertThat(Instant.parse(event.get("deadline").asText()))
          .isEqualTo(Instant.parse(deadline))
          .isBefore(Instant.now());
      // Nothing else arrives: one announcement per deadline.
      Thread.sleep(300);
      assertThat(receiver.verified()).hasSize(1);
    }
  }
}
