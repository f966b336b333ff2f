package org.vigil.report.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.actions.Delivery;
import org.vigil.core.actions.DeliveryState;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.actions.WebhookSecret;
import org.vigil.core.actions.WebhookSubscription;
import org.vigil.core.testing.MutableClock;
import org.vigil.report.DeliveryWorker;
import org.vigil.report.RetryPolicy;
import org.vigil.store.Database;
import org.vigil.store.JdbcOutbox;
import org.vigil.store.JdbcWebhookSubscriptions;
import org.vigil.store.TestDatabases;

/**
 * Webhook delivery from a real outbox (PostgreSQL) to a real receiver that verifies every request
 * per Standard Webhooks 1.0 with its own code.
 */
@Timeout(120)
class WebhookDeliveryTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final String SECRET = WebhookSecret.generate();
  private static final RetryPolicy RETRY =
      new RetryPolicy(Duration.ofSeconds(4), Duration.ofSeconds(60), 3);

  static List<TestDatabases.Kind> databases() {
    return TestDatabases.all();
  }

  /** The outbox, a subscription to the receiver, and a worker, on one database. */
  private static final class Rig implements AutoCloseable {
    final Database db;
    final JdbcOutbox outbox;
    final JdbcWebhookSubscriptions subscriptions;
    final MutableClock clock = new MutableClock(NOW);
    final StandardWebhooksReceiver receiver;
    final DeliveryWorker worker;

    Rig(Database db, List<String> subscriptionSecrets, List<String> receiverSecrets) {
      this(db, subscriptionSecrets, receiverSecrets, Map.of());
    }

    Rig(
        Database db,
        List<String> subscriptionSecrets,
        List<String> receiverSecrets,
        Map<String, ConfiguredEndpoint> configured) {
      this.db = db;
      this.outbox = new JdbcOutbox(db);
      this.subscriptions = new JdbcWebhookSubscriptions(db);
      this.receiver = new StandardWebhooksReceiver(receiverSecrets, clock::instant);
      subscriptions.create(
          new WebhookSubscription(
              "wh_test", "default", receiver.url(), List.of("*"), subscriptionSecrets, NOW));
      this.worker =
          new DeliveryWorker(
              outbox,
              new WebhookConsumer(subscriptions, configured, clock, Duration.ofSeconds(10)),
              RETRY,
              clock,
              Duration.ofSeconds(60),
              Duration.ofSeconds(1),
              16,
              () -> 0.5);
    }

    void enqueue(String id) {
      outbox.enqueue(
          new OutboxMessage(
              id,
              "default",
              "decision.created",
              "c-" + id,
              "{\"id\":\"" + id + "\"}",
              clock.instant()));
    }

    Delivery delivery(String messageId) {
      return outbox.deliveries("wh_test", null, null, 100).stream()
          .filter(d -> d.message().id().equals(messageId))
          .findFirst()
          .orElseThrow();
    }

    @Override
    public void close() {
      receiver.close();
      db.close();
    }
  }

  @Test
  void sign_publishedStandardWebhooksVector_matches() {
    // The vector the Standard Webhooks reference libraries test against.
    byte[] key = WebhookSecret.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    String signature =
        StandardWebhooks.sign(
            key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void legacySignature_firstVigilWebhooksVector_matchesOpenssl() {
    // Computed outside Java, as the first webhooks' receivers did:
    //   printf '1795428000.{"a":1}' | openssl dgst -sha256 -hmac
    // 'test-secret-0123456789abcdef0123456789'
    String header =
        StandardWebhooks.legacySignature(
            "test-secret-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8),
            1_795_428_000L,
            "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    assertThat(header)
        .isEqualTo("v1=be7ccfb7b0955baaa0edebd3a28ef04a956f3278df4c1c6b3c48785c767ff350");
  }

  @Test
  void deliverDue_signedRequest_isVerifiedAndATamperedCopyIsRejected() throws Exception {
    try (Rig rig = new Rig(TestDatabases.freshPostgres(), List.of(SECRET), List.of(SECRET))) {
      rig.enqueue("evt_1");

      assertThat(rig.worker.deliverDue()).isEqualTo(1);

      StandardWebhooksReceiver.Received genuine = rig.receiver.requests().get(0);
      assertThat(genuine.status()).isEqualTo(204);
      assertThat(genuine.id()).isEqualTo("evt_1");
      assertThat(genuine.timestamp()).isEqualTo(Long.toString(NOW.getEpochSecond()));
      assertThat(genuine.signature()).startsWith("v1,");
      assertThat(genuine.bodyText()).isEqualTo("{\"id\":\"evt_1\"}");
      assertThat(genuine.headers()).containsEntry("content-type", "application/json");
      Delivery delivery = rig.delivery("evt_1");
      assertThat(delivery.state()).isEqualTo(DeliveryState.DELIVERED);
      assertThat(delivery.attempts()).isEqualTo(1);

      // Someone on the path changes one byte of the body and sends it on with the headers.
      byte[] tampered = genuine.body().clone();
      tampered[tampered.length - 3] ^= 1;
      assertThat(post(rig.receiver.url(), genuine, tampered)).isEqualTo(401);
      // The genuine request again (a replay within the tolerance) still verifies.
      assertThat(post(rig.receiver.url(), genuine, genuine.body())).isEqualTo(204);
    }
  }

  @Test
  void deliverDue_timestampSixMinutesOld_receiverRejectsItAndTheRetryAfterTheClockIsFixedPasses() {
    try (Rig rig = new Rig(TestDatabases.freshPostgres(), List.of(SECRET), List.of(SECRET))) {
      rig.enqueue("evt_1");
      // Vigil's clock runs six minutes behind the receiver's.
      java.time.Clock behind = java.time.Clock.offset(rig.clock, Duration.ofMinutes(-6));
      DeliveryWorker skewed =
          new DeliveryWorker(
              rig.outbox,
              new WebhookConsumer(rig.subscriptions, Map.of(), behind, Duration.ofSeconds(10)),
              RETRY,
              rig.clock,
              Duration.ofSeconds(60),
              Duration.ofSeconds(1),
              16,
              () -> 0.5);

      assertThat(skewed.deliverDue()).isZero();

      assertThat(rig.receiver.requests())
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo(401));
      Delivery failed = rig.delivery("evt_1");
      assertThat(failed.state()).isEqualTo(DeliveryState.PENDING);
      assertThat(failed.lastError()).isEqualTo("HTTP 401");

      rig.clock.set(NOW.plusSeconds(10));
      assertThat(rig.worker.deliverDue()).isEqualTo(1);
      assertThat(rig.receiver.accepted()).containsOnlyKeys("evt_1");
    }
  }

  @Test
  void deliverDue_receiverFailsTwice_retriesWithJitteredBackoffWithTheSameId() {
    try (Rig rig = new Rig(TestDatabases.freshPostgres(), List.of(SECRET), List.of(SECRET))) {
      rig.enqueue("evt_1");
      rig.receiver.failNext(500, 503);

      assertThat(rig.worker.deliverDue()).isZero();
      // 4 s backoff with the jitter draw 0.5: half plus a quarter = 3 s.
      assertThat(rig.delivery("evt_1").nextAttemptAt()).isEqualTo(NOW.plusSeconds(3));
      rig.clock.advance(Duration.ofMillis(2999));
      assertThat(rig.worker.deliverDue()).isZero();
      assertThat(rig.receiver.requests()).hasSize(1);

      rig.clock.advance(Duration.ofMillis(1));
      assertThat(rig.worker.deliverDue()).isZero();
      // Second failure: 8 s backoff, 6 s after jitter.
      assertThat(rig.delivery("evt_1").nextAttemptAt()).isEqualTo(NOW.plusSeconds(9));
      assertThat(rig.delivery("evt_1").lastError()).isEqualTo("HTTP 503");

      rig.clock.advance(Duration.ofSeconds(6));
      assertThat(rig.worker.deliverDue()).isEqualTo(1);

      List<StandardWebhooksReceiver.Received> requests = rig.receiver.requests();
      assertThat(requests)
          .extracting(StandardWebhooksReceiver.Received::status)
          .containsExactly(500, 503, 204);
      assertThat(requests).extracting(StandardWebhooksReceiver.Received::id).containsOnly("evt_1");
      assertThat(requests)
          .extracting(StandardWebhooksReceiver.Received::timestamp)
          .doesNotHaveDuplicates();
      Delivery delivered = rig.delivery("evt_1");
      assertThat(delivered.state()).isEqualTo(DeliveryState.DELIVERED);
      assertThat(delivered.attempts()).isEqualTo(3);
      assertThat(delivered.deliveredAt()).isEqualTo(NOW.plusSeconds(9));
    }
  }

  /**
   * Issue 15, finding 9: one event the receiver keeps rejecting held every later event back
   * forever. Now it backs off alone, dies after the configured attempts, and later events flow; a
   * replay sends it again with the same id.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void deliverDue_oneEventAlwaysRejected_laterEventsFlowAndItGoesDeadThenReplays(
      TestDatabases.Kind kind) {
    try (Rig rig = new Rig(kind.open(), List.of(SECRET), List.of(SECRET))) {
      rig.receiver.reject("evt_bad", 400);
      rig.enqueue("evt_bad");
      rig.clock.advance(Duration.ofMillis(1));
      rig.enqueue("evt_2");
      rig.enqueue("evt_3");

      // The first run stops sending to the receiver after its refusal; the next sends the rest
      // while the refused one backs off.
      assertThat(rig.worker.deliverDue()).isZero();
      assertThat(rig.receiver.requests()).extracting(r -> r.id()).containsExactly("evt_bad");
      assertThat(rig.worker.deliverDue()).isEqualTo(2);
      assertThat(rig.receiver.accepted().keySet()).containsExactly("evt_2", "evt_3");

      // Attempts 2 and 3 fail too; the third is the last (maxAttempts = 3).
      for (int i = 0; i < 2; i++) {
        rig.clock.advance(Duration.ofSeconds(60));
        rig.worker.deliverDue();
      }
      Delivery dead = rig.delivery("evt_bad");
      assertThat(dead.state()).isEqualTo(DeliveryState.DEAD);
      assertThat(dead.attempts()).isEqualTo(3);
      assertThat(dead.lastError()).isEqualTo("HTTP 400");
      assertThat(rig.outbox.dead("webhook", 10))
          .extracting(Delivery::id)
          .containsExactly(dead.id());

      // Later events keep flowing; the dead one is never tried again by itself.
      rig.clock.advance(Duration.ofHours(5));
      rig.enqueue("evt_4");
      assertThat(rig.worker.deliverDue()).isEqualTo(1);
      assertThat(rig.receiver.accepted()).containsOnlyKeys("evt_2", "evt_3", "evt_4");
      assertThat(rig.receiver.requests()).filteredOn(r -> r.id().equals("evt_bad")).hasSize(3);

      // The platform fixes its receiver and the operator replays the dead letter.
      rig.receiver.stopRejecting("evt_bad");
      assertThat(rig.outbox.replay("wh_test", dead.id(), rig.clock.instant())).isTrue();
      assertThat(rig.worker.deliverDue()).isEqualTo(1);
      assertThat(rig.receiver.accepted()).containsKeys("evt_bad");
      Delivery replayed = rig.delivery("evt_bad");
      assertThat(replayed.id()).isEqualTo(dead.id());
      assertThat(replayed.state()).isEqualTo(DeliveryState.DELIVERED);
      assertThat(replayed.attempts()).isEqualTo(1);
    }
  }

  @Test
  void deliverDue_twoSecretsDuringRotation_receiverWithEitherOneAccepts() {
    String oldSecret = WebhookSecret.generate();
    String newSecret = WebhookSecret.generate();
    try (Rig rig =
        new Rig(TestDatabases.freshPostgres(), List.of(newSecret, oldSecret), List.of(oldSecret))) {
      rig.enqueue("evt_1");
      assertThat(rig.worker.deliverDue()).isEqualTo(1);

      // The receiver moves to the new secret while Vigil still signs with both.
      rig.receiver.holdSecrets(List.of(newSecret));
      rig.enqueue("evt_2");
      assertThat(rig.worker.deliverDue()).isEqualTo(1);

      // A receiver holding neither refuses.
      rig.receiver.holdSecrets(List.of(WebhookSecret.generate()));
      rig.enqueue("evt_3");
      assertThat(rig.worker.deliverDue()).isZero();

      assertThat(rig.receiver.requests())
          .extracting(StandardWebhooksReceiver.Received::status)
          .containsExactly(204, 204, 401);
      String header = rig.receiver.requests().get(0).signature();
      assertThat(header.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    }
  }

  @Test
  void deliverDue_configuredEndpoint_alsoSendsTheFirstVigilHeadersSignedTheOldWay() {
    String fileSecret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    byte[] key = fileSecret.getBytes(StandardCharsets.UTF_8);
    try (Rig rig =
        new Rig(
            TestDatabases.freshPostgres(),
            List.of(),
            List.of(WebhookSecret.of(key)),
            Map.of("wh_test", new ConfiguredEndpoint(key)))) {
      rig.enqueue("rva_1");

      assertThat(rig.worker.deliverDue()).isEqualTo(1);

      StandardWebhooksReceiver.Received request = rig.receiver.requests().get(0);
      Map<String, String> headers = request.headers();
      assertThat(headers).containsEntry("vigil-event-id", "rva_1");
      assertThat(headers).containsEntry("vigil-timestamp", request.timestamp());
      byte[] signed =
          (request.timestamp() + "." + request.bodyText()).getBytes(StandardCharsets.UTF_8);
      assertThat(headers.get("vigil-signature"))
          .isEqualTo("v1=" + HexFormat.of().formatHex(StandardWebhooksReceiver.hmac(key, signed)));
    }
  }

  @Test
  void deliverDue_subscriptionDeletedWhileClaimed_deliveryIsDeadNotRetried() {
    try (Rig rig = new Rig(TestDatabases.freshPostgres(), List.of(SECRET), List.of(SECRET))) {
      rig.enqueue("evt_1");
      Delivery claimed = rig.outbox.claim("webhook", 10, Duration.ofSeconds(1), NOW).get(0);
      rig.db
          .jdbi()
          .useHandle(h -> h.execute("UPDATE outbox_subscriptions SET deleted_at = created_at"));

      WebhookConsumer consumer =
          new WebhookConsumer(rig.subscriptions, Map.of(), rig.clock, Duration.ofSeconds(5));
      assertThat(consumer.send(claimed).join())
          .isInstanceOf(org.vigil.report.Attempt.Rejected.class);
      assertThat(rig.receiver.requests()).isEmpty();
    }
  }

  @Test
  void deliverDue_receiverDown_recordsTheConnectionErrorAndKeepsItPending() {
    try (Rig rig = new Rig(TestDatabases.freshPostgres(), List.of(SECRET), List.of(SECRET))) {
      rig.receiver.close();
      rig.enqueue("evt_1");

      assertThat(rig.worker.deliverDue()).isZero();

      Delivery delivery = rig.delivery("evt_1");
      assertThat(delivery.state()).isEqualTo(DeliveryState.PENDING);
      assertThat(delivery.lastError()).contains("ConnectException");
      assertThat(delivery.attempts()).isEqualTo(1);
    }
  }

  /** Sends {@code body} with the headers of {@code original}, as an attacker replaying it would. */
  private static int post(URI url, StandardWebhooksReceiver.Received original, byte[] body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .header("webhook-id", original.id())
            .header("webhook-timestamp", original.timestamp())
            .header("webhook-signature", original.signature())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
