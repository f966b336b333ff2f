package org.vigil.app.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.app.TestServer;
import org.vigil.app.VigilApp;
import org.vigil.app.VigilConfig;
import org.vigil.core.auth.Role;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.json.Json;
import org.vigil.core.minors.DeliveryStatus;
import org.vigil.core.minors.ReviewAction;
import org.vigil.core.minors.ReviewActionOutbox;
import org.vigil.core.minors.ReviewFinding;
import org.vigil.core.testing.MutableClock;
import org.vigil.server.webhook.WebhookDelivery;
import org.vigil.store.Database;
import org.vigil.store.JdbcReviewActionOutbox;
import org.vigil.store.TestDatabases;

/**
 * Webhook delivery of review actions to a real HTTP receiver that checks signatures on its own and
 * deduplicates by event id, as a platform would.
 */
class WebhookDeliveryTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final String SECRET = "test-secret-0123456789abcdef0123456789";

  private static void record(ReviewActionOutbox outbox, String account, String action) {
    outbox.record(
        new ReviewFinding(account, "AU", action, List.of("AU-SMMA-16"), null),
        ServiceCategory.SOCIAL_NETWORK,
        "minors@test",
        NOW);
  }

  private static JsonNode json(String body) throws IOException {
    return Json.MAPPER.readTree(body);
  }

  @Test
  void startWebhookDelivery_withUrl_postsSignedEventsWithTheGeneratedSecret(@TempDir Path dir)
      throws Exception {
    Path secretFile = dir.resolve("webhook.secret");
    try (WebhookReceiver receiver = new WebhookReceiver(() -> readSecret(secretFile))) {
      VigilConfig config =
          VigilConfig.fromEnvironment(
              Map.of(
                  "VIGIL_DATA_DIR", dir.toString(),
                  "VIGIL_DB_URL", TestDatabases.postgresUrl(),
                  "VIGIL_WEBHOOK_URL", receiver.url().toString()));
      try (VigilApp app = VigilApp.open(config, Clock.systemUTC())) {
        record(app.reviewActions(), "kid-1", "remove_account");
        record(app.reviewActions(), "kid-2", "request_parental_consent");

        assertThat(
                app.startWebhookDelivery(
                    new WebhookDelivery.Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                    Duration.ofMillis(20)))
            .isTrue();
        awaitAccepted(receiver, 2);

        assertThat(Files.getPosixFilePermissions(secretFile))
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(receiver.requests()).allMatch(WebhookReceiver.Received::signatureValid);
        List<String> bodies = List.copyOf(receiver.accepted().values());
        JsonNode first = json(bodies.get(0));
        assertThat(first.get("type").asText()).isEqualTo("minors.review_action");
        assertThat(first.get("accountId").asText()).isEqualTo("kid-1");
        assertThat(first.get("action").asText()).isEqualTo("remove_account");
        assertThat(first.get("rules").get(0).asText()).isEqualTo("AU-SMMA-16");
        assertThat(first.get("id").asText())
            .isEqualTo(receiver.requests().get(0).eventId())
            .startsWith("rva_");
        assertThat(json(bodies.get(1)).get("accountId").asText()).isEqualTo("kid-2");
        List<ReviewAction> stored = app.reviewActions().after(0, 10);
        assertThat(stored).allMatch(a -> a.delivery().deliveredAt() != null);
        assertThat(stored).allMatch(a -> a.delivery().attempts() == 1);
      }
    }
  }

  /** The secret Vigil generated, read when a request arrives (the file is made at start). */
  private static String readSecret(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void deliverDue_receiverFailsTwice_retriesWithBackoffAndDeliversEachOnceInOrder() {
    MutableClock clock = new MutableClock(NOW);
    try (Database db = TestDatabases.freshPostgres();
        WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
      JdbcReviewActionOutbox outbox = new JdbcReviewActionOutbox(db);
      record(outbox, "kid-1", "remove_account");
      record(outbox, "kid-2", "request_age_assurance");
      receiver.failNext(500, 500);
      WebhookDelivery.Backoff backoff =
          new WebhookDelivery.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4));
      WebhookDelivery delivery =
          new WebhookDelivery(outbox, receiver.url(), SECRET, clock, backoff);

      assertThat(delivery.deliverDue()).isZero();
      assertThat(delivery.deliverDue()).isZero(); // still backing off: nothing sent
      assertThat(receiver.requests()).hasSize(1);
      assertThat(outbox.oldestUndelivered().orElseThrow().delivery())
          .isEqualTo(new DeliveryStatus(1, NOW, "HTTP 500", null));

      // A restart: a new worker finds the state in the database.
      clock.advance(Duration.ofSeconds(1));
      delivery = new WebhookDelivery(outbox, receiver.url(), SECRET, clock, backoff);
      assertThat(delivery.deliverDue()).isZero();
      clock.advance(Duration.ofSeconds(1));
      assertThat(delivery.deliverDue()).isZero(); // second wait is 2 s
      assertThat(receiver.requests()).hasSize(2);
      clock.advance(Duration.ofSeconds(1));
      assertThat(delivery.deliverDue()).isEqualTo(2);
      assertThat(delivery.deliverDue()).isZero();

      List<WebhookReceiver.Received> requests = receiver.requests();
      assertThat(requests).hasSize(4).allMatch(WebhookReceiver.Received::signatureValid);
      String first = requests.get(0).eventId();
      assertThat(requests)
          .extracting(WebhookReceiver.Received::eventId)
          .containsExactly(first, first, first, requests.get(3).eventId());
      assertThat(requests.get(3).eventId()).isNotEqualTo(first);
      // Retries are byte-identical but for the timestamp they are signed with.
      assertThat(requests.get(2).body()).isEqualTo(requests.get(0).body());
      assertThat(requests.get(2).timestamp()).isNotEqualTo(requests.get(0).timestamp());
      assertThat(receiver.accepted().keySet()).containsExactly(first, requests.get(3).eventId());
      assertThat(receiver.accepted().values())
          .extracting(body -> body.contains("\"accountId\":\"kid-1\""))
          .containsExactly(true, false);
      List<ReviewAction> stored = outbox.after(0, 10);
      assertThat(stored.get(0).delivery())
          .isEqualTo(new DeliveryStatus(3, NOW.plusSeconds(3), null, NOW.plusSeconds(3)));
      assertThat(stored.get(1).delivery().attempts()).isEqualTo(1);
    }
  }

  @Test
  void backoffAfter_failures_doublesUpToTheCap() {
    WebhookDelivery.Backoff backoff = WebhookDelivery.Backoff.DEFAULT;

    assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.after(4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(backoff.after(11)).isEqualTo(Duration.ofHours(1));
    assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void deliverDue_receiverDown_recordsTheErrorAndLosesNothing() throws Exception {
    MutableClock clock = new MutableClock(NOW);
    try (Database db = TestDatabases.freshPostgres()) {
      JdbcReviewActionOutbox outbox = new JdbcReviewActionOutbox(db);
      record(outbox, "kid-1", "remove_account");
      java.net.URI closedPort;
      try (WebhookReceiver gone = new WebhookReceiver(SECRET)) {
        closedPort = gone.url();
      }
      WebhookDelivery delivery =
          new WebhookDelivery(
              outbox,
              closedPort,
              SECRET,
              clock,
              new WebhookDelivery.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)));

      assertThat(delivery.deliverDue()).isZero();

      DeliveryStatus status = outbox.oldestUndelivered().orElseThrow().delivery();
      assertThat(status.attempts()).isEqualTo(1);
      assertThat(status.lastError()).contains("ConnectException");
      assertThat(status.deliveredAt()).isNull();
    }
  }

  @Test
  void startWebhookDelivery_withoutUrl_sendsNothingAndPollingStillWorks() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      String platform = server.key(Role.PLATFORM);
      server.send(
          "PUT",
          "/v1/accounts/kid-1",
          platform,
          """
          {"country": "AU", "birthDate": "2014-04-01", "timeZone": "Australia/Sydney"}
          """);
      server.send("POST", "/v1/accounts/review", platform, "{\"service\": \"social_network\"}");

      assertThat(server.app().startWebhookDelivery()).isFalse();

      assertThat(server.dataDir().resolve("webhook.secret")).doesNotExist();
      JsonNode actions =
          server.send("GET", "/v1/accounts/actions", platform, null).json().get("actions");
      assertThat(actions).hasSize(1);
      assertThat(actions.get(0).get("accountId").asText()).isEqualTo("kid-1");
      assertThat(actions.get(0).get("delivery").get("attempts").asInt()).isZero();
      JsonNode deliveredAt = actions.get(0).get("delivery").path("deliveredAt");
      assertThat(deliveredAt.isNull() || deliveredAt.isMissingNode()).isTrue();
    }
  }

  @Test
  void config_badWebhookUrlOrMissingSecretFile_failsNamingTheKey(@TempDir Path dir) {
    assertThatThrownBy(() -> VigilConfig.fromEnvironment(Map.of("VIGIL_WEBHOOK_URL", "ftp://x/y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("VIGIL_WEBHOOK_URL");
    assertThatThrownBy(() -> VigilConfig.fromEnvironment(Map.of("VIGIL_WEBHOOK_URL", "hooks")))
        .hasMessageContaining("VIGIL_WEBHOOK_URL");
    VigilConfig config =
        VigilConfig.fromEnvironment(
            Map.of(
                "VIGIL_DATA_DIR", dir.toString(),
                "VIGIL_DB_URL", TestDatabases.postgresUrl(),
                "VIGIL_WEBHOOK_URL", "https://platform.example/hooks",
                "VIGIL_WEBHOOK_SECRET_FILE", dir.resolve("typo.secret").toString()));
    try (VigilApp app = VigilApp.open(config, Clock.systemUTC())) {
      assertThatThrownBy(app::startWebhookDelivery)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("VIGIL_WEBHOOK_SECRET_FILE");
    }
  }

  private static void awaitAccepted(WebhookReceiver receiver, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (receiver.accepted().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(receiver.accepted()).hasSize(count);
  }
}
