package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.json.Json;

/**
 * Issue 13: killing the server (SIGKILL, no shutdown hook) while webhook deliveries are pending
 * loses none of them: after a restart on the same data directory every event reaches the receiver,
 * verified per Standard Webhooks, and the delivery list says so.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WebhookKillProcessTest {

  private static final int ACCOUNTS = 20;

  @TempDir Path dataDir;

  /** The platform's endpoint: verifies, answers the status it is told, records accepted ids. */
  private static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final AtomicInteger status = new AtomicInteger(503);
    final AtomicInteger requests = new AtomicInteger();
    final Set<String> accepted = new HashSet<>();
    volatile byte[] key;

    Receiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/hook",
          exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
              body = in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            boolean valid =
                verifies(
                    id,
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    body);
            int answer = valid ? status.get() : 401;
            requests.incrementAndGet();
            if (answer / 100 == 2) {
              synchronized (accepted) {
                accepted.add(id);
              }
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
          });
      server.start();
    }

    boolean verifies(String id, String timestamp, String signatures, byte[] body) {
      try {
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
          return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(body);
        for (String signature : signatures.split(" ")) {
          if (signature.startsWith("v1,")
              && MessageDigest.isEqual(
                  expected, Base64.getDecoder().decode(signature.substring(3)))) {
            return true;
          }
        }
        return false;
      } catch (Exception e) {
        return false;
      }
    }

    int acceptedCount() {
      synchronized (accepted) {
        return accepted.size();
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static HttpResponse<String> send(
      int port, String method, String path, String key, String json) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void serve_killedWithDeliveriesPending_restartDeliversEveryEvent() throws Exception {
    try (Receiver receiver = new Receiver()) {
      ServeProcess first = ServeProcess.start(dataDir, Map.of());
      String admin;
      String webhook;
      try {
        admin = ServeProcess.adminKey(dataDir);
        HttpResponse<String> created =
            send(
                first.port,
                "POST",
                "/v1/webhooks",
                admin,
                "{\"url\": \"http://127.0.0.1:"
                    + receiver.server.getAddress().getPort()
                    + "/hook\", \"events\": [\"*\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode subscription = Json.MAPPER.readTree(created.body());
        webhook = subscription.get("id").asText();
        receiver.key = Base64.getDecoder().decode(subscription.get("secret").asText().substring(6));
        String platform =
            Json.MAPPER
                .readTree(
                    send(first.port, "POST", "/v1/keys", admin, "{\"role\":\"platform\"}").body())
                .get("key")
                .asText();
        for (int i = 0; i < ACCOUNTS; i++) {
          assertThat(
                  send(
                          first.port,
                          "PUT",
                          "/v1/accounts/kid-" + i,
                          platform,
                          "{\"country\": \"AU\", \"birthDate\": \"2014-04-01\","
                              + " \"timeZone\": \"Australia/Sydney\"}")
                      .statusCode())
              .isBetween(200, 204);
        }
        HttpResponse<String> review =
            send(
                first.port,
                "POST",
                "/v1/accounts/review",
                platform,
                "{\"service\": \"social_network\"}");
        assertThat(review.statusCode()).isEqualTo(200);
        // The receiver is refusing: wait until Vigil has tried and is backing off.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (receiver.requests.get() < 2 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(receiver.requests.get()).isGreaterThanOrEqualTo(2);
        assertThat(receiver.acceptedCount()).isZero();
      } finally {
        first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      receiver.status.set(204);
      ServeProcess second = ServeProcess.start(dataDir, Map.of());
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (receiver.acceptedCount() < ACCOUNTS && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(receiver.acceptedCount())
            .as(
                "accepted after the restart; still pending: %s",
                send(
                        second.port,
                        "GET",
                        "/v1/webhooks/" + webhook + "/deliveries?state=pending",
                        admin,
                        null)
                    .body())
            .isEqualTo(ACCOUNTS);
        JsonNode delivered =
            Json.MAPPER
                .readTree(
                    send(
                            second.port,
                            "GET",
                            "/v1/webhooks/" + webhook + "/deliveries?state=delivered",
                            admin,
                            null)
                        .body())
                .get("deliveries");
        assertThat(delivered).hasSize(ACCOUNTS);
        JsonNode pending =
            Json.MAPPER
                .readTree(
                    send(
                            second.port,
                            "GET",
                            "/v1/webhooks/" + webhook + "/deliveries?state=pending",
                            admin,
                            null)
                        .body())
                .get("deliveries");
        assertThat(pending).isEmpty();
      } finally {
        second.process.destroy();
        if (!second.process.waitFor(20, TimeUnit.SECONDS)) {
          second.process.destroyForcibly();
        }
      }
    }
  }
}
