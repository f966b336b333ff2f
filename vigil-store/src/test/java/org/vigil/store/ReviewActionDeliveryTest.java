package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.actions.Delivery;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.actions.WebhookSubscription;
import org.vigil.core.actions.WebhookSubscriptions;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.json.Json;
import org.vigil.core.minors.DeliveryStatus;
import org.vigil.core.minors.ReviewAction;
import org.vigil.core.minors.ReviewActionEvents;
import org.vigil.core.minors.ReviewFinding;

/** The review-action list and its way into the outbox (V41), against a real PostgreSQL server. */
class ReviewActionDeliveryTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);

  static List<TestDatabases.Kind> databases() {
    return TestDatabases.all();
  }

  private static void record(JdbcReviewActionOutbox outbox, String account) {
    outbox.record(
        new ReviewFinding("default", account, "AU", "remove_account", List.of("AU-SMMA-16"), null),
        ServiceCategory.SOCIAL_NETWORK,
        "minors@test",
        NOW);
  }

  private static void configure(Database db) {
    new JdbcWebhookSubscriptions(db)
        .putConfigured(
            new WebhookSubscription(
                WebhookSubscriptions.CONFIGURED_ID,
                "default",
                URI.create("https://platform.example/hooks"),
                List.of(ReviewActionEvents.TOPIC),
                List.of(),
                NOW));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void record_newAction_goesToTheOutboxWithTheFirstWebhooksBodyAndId(TestDatabases.Kind kind)
      throws Exception {
    try (Database db = kind.open()) {
      JdbcReviewActionOutbox actions = new JdbcReviewActionOutbox(db);
      JdbcOutbox outbox = new JdbcOutbox(db);

      record(actions, "a");

      ReviewAction action = actions.after("default", 0, 10).get(0);
      assertThat(action.delivery()).isEqualTo(DeliveryStatus.NEW);
      // No subscriber yet: the message waits; the configured endpoint catches up when set.
      assertThat(outbox.claim("webhook", 10, LEASE, NOW)).isEmpty();
      configure(db);
      Delivery delivery = outbox.claim("webhook", 10, LEASE, NOW).get(0);
      OutboxMessage message = delivery.message();
      assertThat(message.id())
          .isEqualTo(
              ReviewActionEvents.eventId(
                  "default", "a", "social_network", "remove_account", "minors@test"))
          .startsWith("rva_");
      assertThat(message.topic()).isEqualTo("minors.review_action");
      JsonNode body = Json.MAPPER.readTree(message.payloadJson());
      assertThat(body.get("id").asText()).isEqualTo(message.id());
      assertThat(body.get("type").asText()).isEqualTo("minors.review_action");
      assertThat(body.get("sequence").asLong()).isEqualTo(action.id());
      assertThat(body.get("accountId").asText()).isEqualTo("a");
      assertThat(body.get("rules").get(0).asText()).isEqualTo("AU-SMMA-16");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void after_deliveryToTheConfiguredEndpoint_isShownWithTheAction(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      configure(db);
      JdbcReviewActionOutbox actions = new JdbcReviewActionOutbox(db);
      JdbcOutbox outbox = new JdbcOutbox(db);
      record(actions, "a");
      String id = outbox.claim("webhook", 10, LEASE, NOW).get(0).id();

      outbox.markFailed(id, NOW.plusSeconds(1), "HTTP 500", NOW.plusSeconds(5));
      assertThat(actions.after("default", 0, 10).get(0).delivery())
          .isEqualTo(new DeliveryStatus(1, NOW.plusSeconds(1), "HTTP 500", null));

      outbox.markDelivered(id, NOW.plusSeconds(7));
      assertThat(actions.after("default", 0, 10).get(0).delivery())
          .isEqualTo(new DeliveryStatus(2, NOW.plusSeconds(7), null, NOW.plusSeconds(7)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void moveToOutbox_actionsFromBeforeTheOutbox_enqueuesOnlyTheUndeliveredOnce(
      TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      // Two rows as the first webhook worker left them: one delivered, one still failing.
      db.jdbi()
          .useHandle(
              h -> {
                String insert =
                    "INSERT INTO minors_review_actions (tenant, created_at, account_id,"
                        + " country, service, action_name, rules, policy_version,"
                        + " delivery_attempts, last_attempt_at, last_error, delivered_at) VALUES"
                        + " ('default', :at, :a, 'AU', 'social_network', 'remove_account', 'R',"
                        + " 'v1', :n, :at, :e, :d)";
                h.createUpdate(insert)
                    .bind("at", Times.write(NOW))
                    .bind("a", "done")
                    .bind("n", 1)
                    .bindByType("e", null, String.class)
                    .bind("d", Times.write(NOW))
                    .execute();
                h.createUpdate(insert)
                    .bind("at", Times.write(NOW))
                    .bind("a", "stuck")
                    .bind("n", 7)
                    .bind("e", "HTTP 400")
                    .bind("d", Times.write(null))
                    .execute();
              });
      configure(db);
      JdbcReviewActionOutbox actions = new JdbcReviewActionOutbox(db);

      assertThat(actions.moveToOutbox()).isEqualTo(1);
      assertThat(actions.moveToOutbox()).isZero();

      List<Delivery> claimed = new JdbcOutbox(db).claim("webhook", 10, LEASE, NOW);
      assertThat(claimed)
          .singleElement()
          .satisfies(d -> assertThat(d.message().payloadJson()).contains("\"stuck\""));
      List<ReviewAction> listed = actions.after("default", 0, 10);
      assertThat(listed.get(0).delivery())
          .isEqualTo(new DeliveryStatus(1, NOW, null, NOW)); // history kept
      assertThat(listed.get(1).delivery()).isEqualTo(DeliveryStatus.NEW); // now the outbox's
    }
  }

  /**
   * Issue 15 finding 9: a check-then-insert let two concurrent reviews both see "absent" and the
   * loser's INSERT failed on the unique constraint, answering 503. One atomic statement now.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @Timeout(60)
  void record_sameActionFromEightThreadsAtOnce_storesItOnceAndNeverFails(TestDatabases.Kind kind)
      throws Exception {
    try (Database db = kind.open()) {
      JdbcReviewActionOutbox outbox = new JdbcReviewActionOutbox(db);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        for (int round = 0; round < 20; round++) {
          String account = "kid-" + round;
          CountDownLatch start = new CountDownLatch(1);
          List<Callable<Boolean>> writers = new ArrayList<>();
          for (int t = 0; t < 8; t++) {
            writers.add(
                () -> {
                  start.await();
                  return outbox.record(
                      new ReviewFinding(
                          "default", account, "AU", "remove_account", List.of("R"), null),
                      ServiceCategory.SOCIAL_NETWORK,
                      "minors@test",
                      NOW);
                });
          }
          List<Future<Boolean>> results = new ArrayList<>();
          for (Callable<Boolean> writer : writers) {
            results.add(pool.submit(writer));
          }
          start.countDown();
          int created = 0;
          for (Future<Boolean> result : results) {
            if (result.get(30, TimeUnit.SECONDS)) {
              created++;
            }
          }
          assertThat(created).as("round %d", round).isEqualTo(1);
        }
        assertThat(outbox.after("default", 0, 100)).hasSize(20);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
