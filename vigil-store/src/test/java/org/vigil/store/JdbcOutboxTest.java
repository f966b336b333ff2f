package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.actions.Delivery;
import org.vigil.core.actions.DeliveryState;
import org.vigil.core.actions.OutboxBacklog;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.actions.WebhookSubscription;

/** The outbox and webhook subscriptions (V40), against a real PostgreSQL server. */
class JdbcOutboxTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);

  static List<TestDatabases.Kind> databases() {
    return TestDatabases.all();
  }

  private static OutboxMessage message(String id, String tenant, String topic) {
    return new OutboxMessage(id, tenant, topic, "subject-" + id, "{\"id\":\"" + id + "\"}", NOW);
  }

  private static WebhookSubscription subscription(String id, String tenant, String... events) {
    return new WebhookSubscription(
        id,
        tenant,
        URI.create("https://platform.example/hooks/" + id),
        List.of(events),
        List.of("whsec_c2VjcmV0LTE=", "whsec_c2VjcmV0LTA="),
        NOW.minusSeconds(60));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void enqueue_fansOutToLiveSubscriptionsOfTheTenantThatWantTheTopic(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcOutbox outbox = new JdbcOutbox(db);
      JdbcWebhookSubscriptions subscriptions = new JdbcWebhookSubscriptions(db);
      subscriptions.create(subscription("wh_all", "default", "*"));
      subscriptions.create(subscription("wh_dec", "default", "decision.created"));
      subscriptions.create(subscription("wh_other", "other", "*"));
      subscriptions.create(subscription("wh_gone", "default", "*"));
      assertThat(subscriptions.delete("default", "wh_gone", NOW)).isTrue();

      assertThat(outbox.enqueue(message("m1", "default", "decision.created"))).isTrue();
      assertThat(outbox.enqueue(message("m2", "default", "case.overdue"))).isTrue();

      List<Delivery> claimed = outbox.claim("webhook", 10, LEASE, NOW);
      assertThat(claimed)
          .extracting(d -> d.subscriptionId() + ":" + d.message().id())
          .containsExactlyInAnyOrder("wh_all:m1", "wh_dec:m1", "wh_all:m2");
      Delivery first = claimed.get(0);
      assertThat(first.state()).isEqualTo(DeliveryState.PENDING);
      assertThat(first.attempts()).isZero();
      assertThat(first.id()).startsWith("dlv_");
      assertThat(claimed)
          .filteredOn(d -> d.message().id().equals("m1"))
          .allSatisfy(
              d -> assertThat(d.message()).isEqualTo(message("m1", "default", "decision.created")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void enqueue_sameIdTwice_storesAndDeliversOnce(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcOutbox outbox = new JdbcOutbox(db);
      new JdbcWebhookSubscriptions(db).create(subscription("wh_a", "default", "*"));

      assertThat(outbox.enqueue(message("m1", "default", "t"))).isTrue();
      assertThat(outbox.enqueue(message("m1", "default", "t"))).isFalse();

      assertThat(outbox.claim("webhook", 10, LEASE, NOW)).hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void insert_callersTransactionRolledBack_leavesNothing(TestDatabases.Kind kind) throws Exception {
    try (Database db = kind.open()) {
      new JdbcWebhookSubscriptions(db).create(subscription("wh_a", "default", "*"));
      try (Connection connection = db.dataSource().getConnection()) {
        connection.setAutoCommit(false);
        assertThat(OutboxWrites.insert(connection, List.of(message("m1", "default", "t"))))
            .isEqualTo(1);
        connection.rollback();
      }
      JdbcOutbox outbox = new JdbcOutbox(db);
      assertThat(outbox.claim("webhook", 10, LEASE, NOW)).isEmpty();
      assertThat(outbox.enqueue(message("m1", "default", "t"))).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void claim_leasedDelivery_isNotClaimedAgainUntilTheLeaseEnds(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcOutbox outbox = new JdbcOutbox(db);
      new JdbcWebhookSubscriptions(db).create(subscription("wh_a", "default", "*"));
      outbox.enqueue(message("m1", "default", "t"));

      assertThat(outbox.claim("webhook", 10, LEASE, NOW)).hasSize(1);
      assertThat(outbox.claim("webhook", 10, LEASE, NOW.plusSeconds(29))).isEmpty();
      assertThat(outbox.claim("ncmec", 10, LEASE, NOW.plusSeconds(31))).isEmpty();

      // The worker died holding it: the next claim after the lease gets it back.
      assertThat(outbox.claim("webhook", 10, LEASE, NOW.plusSeconds(30))).hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void release_claimedDelivery_isDueAgainAtOnceWithNoAttemptCounted(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcOutbox outbox = new JdbcOutbox(db);
      new JdbcWebhookSubscriptions(db).create(subscription("wh_a", "default", "*"));
      outbox.enqueue(message("m1", "default", "t"));
      String id = outbox.claim("webhook", 1, LEASE, NOW).get(0).id();

      outbox.release(id);

      Delivery again = outbox.claim("webhook", 1, LEASE, NOW).get(0);
      assertThat(again.id()).isEqualTo(id);
      assertThat(again.attempts()).isZero();
      assertThat(again.lastAttemptAt()).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void backlog_pendingRetryingDelivered_countedPerConsumerWithTheOldestMessage(
      TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcOutbox outbox = new JdbcOutbox(db);
      assertThat(outbox.backlog(NOW)).isEmpty();
      new JdbcWebhookSubscriptions(db).create(subscription("wh_a", "default", "*"));
      assertThat(outbox.backlog(NOW)).containsExactly(new OutboxBacklog("webhook", 0, 0, null, 0));

      for (int i = 1; i <= 4; i++) {
        outbox.enqueue(new OutboxMessage("m" + i, "default", "t", null, "{}", NOW.plusSeconds(i)));
      }
      List<Delivery> claimed = outbox.claim("webhook", 3, LEASE, NOW.plusSeconds(10));
      outbox.markDelivered(claimed.get(0).id(), NOW.plusSeconds(11)); // m1: gone from the backlog
      outbox.markFailed(claimed.get(1).id(), NOW.plusSeconds(11), "HTTP 500", NOW.plusSeconds(60));
      outbox.markDead(claimed.get(2).id(), NOW.plusSeconds(11), "HTTP 400");

      // m2 waits for its retry at +60 s, m4 is due; m3 is dead.
      OutboxBacklog backlog = outbox.backlog(NOW.plusSeconds(20)).get(0);
      assertThat(backlog).isEqualTo(new OutboxBacklog("webhook", 2, 1, NOW.plusSeconds(2), 1));
      assertThat(backlog.oldestPendingAge(NOW.plusSeconds(20))).isEqualTo(Duration.ofSeconds(18));
      assertThat(outbox.backlog(NOW.plusSeconds(60)).get(0).due()).isEqualTo(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void markFailed_thenDead_thenReplay_walksTheStates(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcOutbox outbox = new JdbcOutbox(db);
      new JdbcWebhookSubscriptions(db).create(subscription("wh_a", "default", "*"));
      outbox.enqueue(message("m1", "default", "t"));
      String id = outbox.claim("webhook", 1, LEASE, NOW).get(0).id();

      outbox.markFailed(id, NOW.plusSeconds(1), "HTTP 500", NOW.plusSeconds(10));
      assertThat(outbox.claim("webhook", 10, LEASE, NOW.plusSeconds(9))).isEmpty();
      Delivery retried = outbox.claim("webhook", 10, LEASE, NOW.plusSeconds(10)).get(0);
      assertThat(retried.id()).isEqualTo(id);
      assertThat(retried.attempts()).isEqualTo(1);
      assertThat(retried.lastError()).isEqualTo("HTTP 500");

      outbox.markDead(id, NOW.plusSeconds(11), "HTTP 400".repeat(100));
      assertThat(outbox.claim("webhook", 10, LEASE, NOW.plusSeconds(999))).isEmpty();
      Delivery dead = outbox.delivery("wh_a", id).orElseThrow();
      assertThat(dead.state()).isEqualTo(DeliveryState.DEAD);
      assertThat(dead.attempts()).isEqualTo(2);
      assertThat(dead.lastError()).hasSize(JdbcOutbox.MAX_ERROR);
      assertThat(outbox.dead("webhook", 10)).extracting(Delivery::id).containsExactly(id);
      assertThat(outbox.deliveries("wh_a", DeliveryState.DEAD, null, 10)).hasSize(1);
      assertThat(outbox.deliveries("wh_a", DeliveryState.PENDING, null, 10)).isEmpty();

      assertThat(outbox.replay("wh_other", id, NOW.plusSeconds(20))).isFalse();
      assertThat(outbox.replay("wh_a", "dlv_x", NOW.plusSeconds(20))).isFalse();
      assertThat(outbox.replay("wh_a", id, NOW.plusSeconds(20))).isTrue();
      assertThat(outbox.replay("wh_a", id, NOW.plusSeconds(20))).isFalse(); // already pending
      Delivery again = outbox.claim("webhook", 10, LEASE, NOW.plusSeconds(20)).get(0);
      assertThat(again.id()).isEqualTo(id);
      assertThat(again.attempts()).isZero();

      outbox.markDelivered(id, NOW.plusSeconds(21));
      outbox.markFailed(id, NOW.plusSeconds(22), "late failure", NOW.plusSeconds(30));
      Delivery delivered = outbox.delivery("wh_a", id).orElseThrow();
      assertThat(delivered.state()).isEqualTo(DeliveryState.DELIVERED);
      assertThat(delivered.deliveredAt()).isEqualTo(NOW.plusSeconds(21));
      assertThat(delivered.lastError()).isNull();
      assertThat(outbox.dead("webhook", 10)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void claim_fourWorkersAtOnce_neverHandOutTheSameDeliveryTwice(TestDatabases.Kind kind)
      throws Exception {
    try (Database db = kind.open()) {
      JdbcOutbox outbox = new JdbcOutbox(db);
      new JdbcWebhookSubscriptions(db).create(subscription("wh_a", "default", "*"));
      for (int i = 0; i < 200; i++) {
        outbox.enqueue(message("m" + i, "default", "t"));
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Callable<List<String>>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          workers.add(
              () -> {
                List<String> mine = new ArrayList<>();
                for (int round = 0; round < 40; round++) {
                  for (Delivery d : outbox.claim("webhook", 7, LEASE, NOW)) {
                    mine.add(d.id());
                  }
                }
                return mine;
              });
        }
        List<String> all = Collections.synchronizedList(new ArrayList<>());
        for (Future<List<String>> f : pool.invokeAll(workers)) {
          all.addAll(f.get());
        }
        Set<String> distinct = new HashSet<>(all);
        assertThat(all).hasSize(distinct.size());
        assertThat(distinct).hasSize(200);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void subscriptions_createListFindDeleteAndPutConfigured(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcWebhookSubscriptions subscriptions = new JdbcWebhookSubscriptions(db);
      JdbcOutbox outbox = new JdbcOutbox(db);
      WebhookSubscription a = subscription("wh_a", "default", "case.overdue", "decision.created");
      subscriptions.create(a);
      subscriptions.create(subscription("wh_b", "other", "*"));

      assertThat(subscriptions.list("default")).containsExactly(a);
      assertThat(subscriptions.find("other", "wh_a")).isEmpty();
      assertThat(subscriptions.find("wh_a")).contains(a);

      outbox.enqueue(message("m1", "default", "case.overdue"));
      assertThat(subscriptions.delete("other", "wh_a", NOW)).isFalse();
      assertThat(subscriptions.delete("default", "wh_a", NOW)).isTrue();
      assertThat(subscriptions.find("wh_a")).isEmpty();
      // Its pending delivery is kept, as dead, and nothing new goes to it.
      assertThat(outbox.deliveries("wh_a", DeliveryState.DEAD, null, 10))
          .singleElement()
          .satisfies(d -> assertThat(d.lastError()).isEqualTo("subscription deleted"));
      outbox.enqueue(message("m2", "default", "case.overdue"));
      assertThat(outbox.claim("webhook", 10, LEASE, NOW)).isEmpty();

      WebhookSubscription configured =
          new WebhookSubscription(
              "wh_configured",
              "default",
              URI.create("https://one.example/h"),
              List.of("minors.review_action"),
              List.of("whsec_bm90LXN0b3JlZA=="),
              NOW);
      subscriptions.putConfigured(configured);
      subscriptions.putConfigured(
          new WebhookSubscription(
              "wh_configured",
              "default",
              URI.create("https://two.example/h"),
              List.of("minors.review_action"),
              List.of(),
              NOW));
      WebhookSubscription stored = subscriptions.find("wh_configured").orElseThrow();
      assertThat(stored.url()).isEqualTo(URI.create("https://two.example/h"));
      assertThat(stored.secrets()).isEmpty();
      assertThat(stored.events()).containsExactly("minors.review_action");
    }
  }
}
