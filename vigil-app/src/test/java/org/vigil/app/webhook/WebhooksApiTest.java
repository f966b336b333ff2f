package org.vigil.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.app.TestServer;
import org.vigil.core.actions.WebhookSecret;
import org.vigil.core.auth.Role;
import org.vigil.report.RetryPolicy;
import org.vigil.store.JdbcWebhookSubscriptions;
import org.vigil.store.TestDatabases;

/** /v1/webhooks over HTTP, with deliveries to a real receiver that runs the README's snippet. */
@Timeout(120)
class WebhooksApiTest {

  /** A receiver on a loopback port that verifies with the README snippet and answers a status. */
  private static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final AtomicInteger status = new AtomicInteger(204);
    final List<String> verifiedIds = new ArrayList<>();
    final List<Integer> answers = new ArrayList<>();
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
            int answer = valid ? status.get() : 401;
            synchronized (this) {
              answers.add(answer);
              if (answer / 100 == 2) {
                verifiedIds.add(headers.getFirst("webhook-id"));
              }
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    synchronized List<String> verified() {
      return List.copyOf(verifiedIds);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static String subscribe(TestServer server, String url, String events) {
    return "{\"url\": \"" + url + "\", \"events\": " + events + "}";
  }

  @Test
  void post_thenGetListDelete_showsTheGeneratedSecretOnlyOnce() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      TestServer.Reply created =
          server.send(
              "POST",
              "/v1/webhooks",
              server.adminKey,
              subscribe(server, "https://platform.example/hooks", "[\"*\"]"));

      assertThat(created.status()).isEqualTo(201);
      JsonNode body = created.json();
      String id = body.get("id").asText();
      assertThat(id).startsWith("wh_");
      assertThat(body.get("secret").asText()).startsWith("whsec_");
      assertThat(body.get("events").get(0).asText()).isEqualTo("*");
      assertThat(created.headers().get("location")).containsExactly("/v1/webhooks/" + id);

      TestServer.Reply one = server.send("GET", "/v1/webhooks/" + id, server.adminKey, null);
      assertThat(one.status()).isEqualTo(200);
      assertThat(one.json().get("url").asText()).isEqualTo("https://platform.example/hooks");
      assertThat(one.body()).doesNotContain("whsec_");
      TestServer.Reply list = server.send("GET", "/v1/webhooks", server.adminKey, null);
      assertThat(list.json().get("webhooks")).hasSize(1);
      assertThat(list.body()).doesNotContain("whsec_");

      assertThat(server.send("DELETE", "/v1/webhooks/" + id, server.adminKey, null).status())
          .isEqualTo(204);
      assertThat(server.send("GET", "/v1/webhooks/" + id, server.adminKey, null).status())
          .isEqualTo(404);
      assertThat(server.send("DELETE", "/v1/webhooks/" + id, server.adminKey, null).status())
          .isEqualTo(404);
      JsonNode audit =
          server.send("GET", "/v1/audit?subject=webhook:" + id, server.adminKey, null).json();
      assertThat(audit.toString()).contains("webhook.create").contains("webhook.delete");
    }
  }

  @Test
  void rotateSecret_thenEndRotation_signsWithBothThenOnlyTheNewSecret() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      JsonNode created =
          server
              .send(
                  "POST",
                  "/v1/webhooks",
                  server.adminKey,
                  subscribe(server, "https://p.example/h", "[\"*\"]"))
              .json();
      String id = created.get("id").asText();
      String first = created.get("secret").asText();
      JdbcWebhookSubscriptions stored = new JdbcWebhookSubscriptions(server.app().database());

      TestServer.Reply rotated =
          server.send("POST", "/v1/webhooks/" + id + "/secret", server.adminKey, null);
      assertThat(rotated.status()).isEqualTo(201);
      String second = rotated.json().get("secret").asText();
      assertThat(second).startsWith("whsec_").isNotEqualTo(first);
      assertThat(stored.find(id).orElseThrow().secrets()).containsExactly(second, first);

      String mine = WebhookSecret.generate();
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/webhooks/" + id + "/secret",
                      server.adminKey,
                      "{\"secret\": \"" + mine + "\"}")
                  .json()
                  .get("secret")
                  .asText())
          .isEqualTo(mine);
      assertThat(stored.find(id).orElseThrow().secrets()).containsExactly(mine, second);
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/webhooks/" + id + "/secret",
                      server.adminKey,
                      "{\"secret\": \"whsec_short\"}")
                  .json()
                  .get("field")
                  .asText())
          .isEqualTo("secret");

      assertThat(
              server
                  .send("DELETE", "/v1/webhooks/" + id + "/secret/previous", server.adminKey, null)
                  .status())
          .isEqualTo(204);
      assertThat(stored.find(id).orElseThrow().secrets()).containsExactly(mine);
      assertThat(server.send("POST", "/v1/webhooks/wh_none/secret", server.adminKey, null).status())
          .isEqualTo(404);
    }
  }

  @Test
  void post_badInput_isAPreciseErrorNamingTheField() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      String admin = server.adminKey;
      record Case(String body, int status, String field) {}
      List<Case> cases =
          List.of(
              new Case("{\"url\": \"ftp://platform.example/h\", \"events\": [\"*\"]}", 422, "url"),
              new Case("{\"url\": \"hooks\", \"events\": [\"*\"]}", 422, "url"),
              new Case("{\"events\": [\"*\"]}", 422, "url"),
              new Case("{\"url\": \"https://p.example/h\", \"events\": []}", 422, "events"),
              new Case("{\"url\": \"https://p.example/h\"}", 422, "events"),
              new Case(
                  "{\"url\": \"https://p.example/h\", \"events\": [\"Not An Event\"]}",
                  422,
                  "events"),
              new Case(
                  "{\"url\": \"https://p.example/h\", \"events\": [\"*\"], \"secret\": \"hunter2\"}",
                  422,
                  "secret"));
      for (Case c : cases) {
        TestServer.Reply reply = server.send("POST", "/v1/webhooks", admin, c.body());
        assertThat(reply.status()).as(c.body()).isEqualTo(c.status());
        assertThat(reply.json().get("field").asText()).as(c.body()).isEqualTo(c.field());
        assertThat(reply.json().get("error").asText()).isNotBlank();
      }
      TestServer.Reply unknown =
          server.send(
              "POST",
              "/v1/webhooks",
              admin,
              "{\"url\": \"https://p.example/h\", \"events\": [\"*\"], \"colour\": 1}");
      assertThat(unknown.status()).isEqualTo(422);
      assertThat(unknown.json().get("error").asText()).isEqualTo("unknown_field");
      assertThat(server.send("POST", "/v1/webhooks", admin, "{\"url\": ").status()).isEqualTo(400);
      TestServer.Reply badState =
          server.send("GET", "/v1/webhooks/wh_x/deliveries?state=lost", admin, null);
      assertThat(badState.status()).isIn(404, 422);
    }
  }

  @Test
  void routes_nonAdminOrOtherTenant_cannotSeeOrChangeWebhooks() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      String platform = server.key(Role.PLATFORM);
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/webhooks",
                      platform,
                      subscribe(server, "https://p.example/h", "[\"*\"]"))
                  .status())
          .isEqualTo(403);
      assertThat(server.send("GET", "/v1/webhooks", platform, null).status()).isEqualTo(403);

      String id =
          server
              .send(
                  "POST",
                  "/v1/webhooks",
                  server.adminKey,
                  subscribe(server, "https://p.example/h", "[\"*\"]"))
              .json()
              .get("id")
              .asText();
      String otherAdmin = server.app().keys().create(Role.ADMIN, "other", "other-tenant").secret();
      assertThat(server.send("GET", "/v1/webhooks", otherAdmin, null).json().get("webhooks"))
          .isEmpty();
      assertThat(server.send("GET", "/v1/webhooks/" + id, otherAdmin, null).status())
          .isEqualTo(404);
      assertThat(server.send("DELETE", "/v1/webhooks/" + id, otherAdmin, null).status())
          .isEqualTo(404);
      assertThat(
              server.send("GET", "/v1/webhooks/" + id + "/deliveries", otherAdmin, null).status())
          .isEqualTo(404);
      assertThat(server.send("GET", "/v1/webhooks/" + id, server.adminKey, null).status())
          .isEqualTo(200);
    }
  }

  @Test
  void deliveries_rejectedUntilDead_thenReplayed_areVisibleAndArriveVerified() throws Exception {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null);
        Receiver receiver = new Receiver()) {
      TestServer.Reply created =
          server.send(
              "POST",
              "/v1/webhooks",
              server.adminKey,
              subscribe(server, receiver.url(), "[\"minors.review_action\"]"));
      String id = created.json().get("id").asText();
      receiver.secret = created.json().get("secret").asText();
      receiver.status.set(500);
      server
          .app()
          .startWebhookDelivery(
              new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(40), 2),
              Duration.ofMillis(20));
      String platform = server.key(Role.PLATFORM);
      server.send(
          "PUT",
          "/v1/accounts/kid-1",
          platform,
          "{\"country\": \"AU\", \"birthDate\": \"2014-04-01\", \"timeZone\": \"Australia/Sydney\"}");
      server.send("POST", "/v1/accounts/review", platform, "{\"service\": \"social_network\"}");

      JsonNode dead = awaitDeliveries(server, id, "dead", 1);
      JsonNode delivery = dead.get(0);
      assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
      assertThat(delivery.get("lastError").asText()).isEqualTo("HTTP 500");
      assertThat(delivery.get("type").asText()).isEqualTo("minors.review_action");
      String eventId = delivery.get("eventId").asText();
      assertThat(eventId).startsWith("rva_");
      assertThat(receiver.verified()).isEmpty();

      receiver.status.set(200);
      TestServer.Reply replay =
          server.send(
              "POST",
              "/v1/webhooks/" + id + "/deliveries/" + delivery.get("id").asText() + "/replay",
              server.adminKey,
              null);
      assertThat(replay.status()).isEqualTo(202);
      assertThat(replay.json().get("state").asText()).isEqualTo("pending");

      JsonNode delivered = awaitDeliveries(server, id, "delivered", 1);
      assertThat(delivered.get(0).get("id").asText()).isEqualTo(delivery.get("id").asText());
      assertThat(receiver.verified()).containsExactly(eventId);
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/webhooks/" + id + "/deliveries/dlv_999999/replay",
                      server.adminKey,
                      null)
                  .status())
          .isEqualTo(404);
    }
  }

  private static JsonNode awaitDeliveries(TestServer server, String id, String state, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode deliveries;
    do {
      deliveries =
          server
              .send(
                  "GET", "/v1/webhooks/" + id + "/deliveries?state=" + state, server.adminKey, null)
              .json()
              .get("deliveries");
      if (deliveries.size() >= count) {
        return deliveries;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no " + state + " deliveries after 30 s: " + deliveries);
  }
}
