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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.app.TestServer;
import org.vigil.app.VigilApp;
import org.vigil.app.VigilConfig;
import org.vigil.core.auth.Role;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.json.Json;
import org.vigil.core.minors.ReviewAction;
import org.vigil.core.minors.ReviewActionEvents;
import org.vigil.core.minors.ReviewActionOutbox;
import org.vigil.core.minors.ReviewFinding;
import org.vigil.report.RetryPolicy;
import org.vigil.store.TestDatabases;

/**
 * Webhook delivery of review actions to a real HTTP receiver that checks signatures on its own and
 * deduplicates by event id, as a platform would.
 */
class WebhookDeliveryTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private static void record(ReviewActionOutbox outbox, String account, String action) {
    outbox.record(
        new ReviewFinding("default", account, "AU", action, List.of("AU-SMMA-16"), null),
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
                    new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 12),
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
        List<ReviewAction> stored = app.reviewActions().after("default", 0, 10);
        assertThat(stored).allMatch(a -> a.delivery().deliveredAt() != null);
        assertThat(stored).allMatch(a -> a.delivery().attempts() == 1);
      }
    }
  }

  /**
   * Issue 15, finding 9: one action the receiver keeps rejecting held every later action back
   * forever (this test failed on the first webhook worker: kid-2 never arrived). Now later actions
   * arrive at once and the rejected one goes to the dead letters after the configured attempts.
   */
  @Test
  @Timeout(60)
  void startWebhookDelivery_oneActionAlwaysRejected_laterActionsArriveAndItGoesDead(
      @TempDir Path dir) throws Exception {
    Path secretFile = dir.resolve("webhook.secret");
    try (WebhookReceiver receiver = new WebhookReceiver(() -> readSecret(secretFile))) {
      VigilConfig config =
          VigilConfig.fromEnvironment(
              Map.of(
                  "VIGIL_DATA_DIR", dir.toString(),
                  "VIGIL_DB_URL", TestDatabases.postgresUrl(),
                  "VIGIL_WEBHOOK_URL", receiver.url().toString()));
      try (VigilApp app = VigilApp.open(config, Clock.systemUTC())) {
        record(app.reviewActions(), "kid-bad", "remove_account");
        receiver.rejectAlways(
            ReviewActionEvents.eventId(
                "default", "kid-bad", "social_network", "remove_account", "minors@test"),
            400);
        record(app.reviewActions(), "kid-2", "request_parental_consent");

        app.startWebhookDelivery(
            new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 3),
            Duration.ofMillis(20));

        awaitAccepted(receiver, 1);
        assertThat(receiver.accepted().values()).singleElement().asString().contains("kid-2");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (app.outbox().dead("webhook", 10).isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(app.outbox().dead("webhook", 10))
            .singleElement()
            .satisfies(
                d -> {
                  assertThat(d.attempts()).isEqualTo(3);
                  assertThat(d.lastError()).isEqualTo("HTTP 400");
                  assertThat(d.message().payloadJson()).contains("kid-bad");
                });
        ReviewAction bad = app.reviewActions().after("default", 0, 10).get(0);
        assertThat(bad.delivery().attempts()).isEqualTo(3);
        assertThat(bad.delivery().deliveredAt()).isNull();
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
