package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.minors.DeliveryStatus;
import org.vigil.core.minors.ReviewAction;
import org.vigil.core.minors.ReviewFinding;

/** Webhook delivery state of the review outbox (V11), against a real PostgreSQL server. */
class ReviewActionDeliveryTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  static List<TestDatabases.Kind> databases() {
    return TestDatabases.all();
  }

  private static void record(JdbcReviewActionOutbox outbox, String account) {
    outbox.record(
        new ReviewFinding(account, "AU", "remove_account", List.of("AU-SMMA-16"), null),
        ServiceCategory.SOCIAL_NETWORK,
        "minors@test",
        NOW);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void record_newAction_isUndeliveredWithNoAttempts(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcReviewActionOutbox outbox = new JdbcReviewActionOutbox(db);
      assertThat(outbox.oldestUndelivered()).isEmpty();

      record(outbox, "a");

      ReviewAction action = outbox.oldestUndelivered().orElseThrow();
      assertThat(action.accountId()).isEqualTo("a");
      assertThat(action.delivery()).isEqualTo(DeliveryStatus.NEW);
      assertThat(outbox.after(0, 10).get(0).delivery()).isEqualTo(DeliveryStatus.NEW);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void recordFailedAttempt_thenDelivered_keepsOrderAndCountsAttempts(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcReviewActionOutbox outbox = new JdbcReviewActionOutbox(db);
      record(outbox, "a");
      record(outbox, "b");
      long first = outbox.oldestUndelivered().orElseThrow().id();

      outbox.recordFailedAttempt(first, NOW.plusSeconds(1), "HTTP 500");
      outbox.recordFailedAttempt(first, NOW.plusSeconds(3), "connection refused");

      ReviewAction failing = outbox.oldestUndelivered().orElseThrow();
      assertThat(failing.id()).isEqualTo(first);
      assertThat(failing.delivery())
          .isEqualTo(new DeliveryStatus(2, NOW.plusSeconds(3), "connection refused", null));

      outbox.markDelivered(first, NOW.plusSeconds(7));

      ReviewAction next = outbox.oldestUndelivered().orElseThrow();
      assertThat(next.accountId()).isEqualTo("b");
      assertThat(outbox.after(0, 10).get(0).delivery())
          .isEqualTo(new DeliveryStatus(3, NOW.plusSeconds(7), null, NOW.plusSeconds(7)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void markDelivered_twice_keepsTheFirstDeliveryAndIgnoresLateFailures(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcReviewActionOutbox outbox = new JdbcReviewActionOutbox(db);
      record(outbox, "a");
      long id = outbox.oldestUndelivered().orElseThrow().id();

      outbox.markDelivered(id, NOW.plusSeconds(1));
      outbox.markDelivered(id, NOW.plusSeconds(5));
      outbox.recordFailedAttempt(id, NOW.plusSeconds(6), "HTTP 503");

      assertThat(outbox.oldestUndelivered()).isEmpty();
      assertThat(outbox.after(0, 10).get(0).delivery())
          .isEqualTo(new DeliveryStatus(1, NOW.plusSeconds(1), null, NOW.plusSeconds(1)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void recordFailedAttempt_longError_isCutTo500Characters(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcReviewActionOutbox outbox = new JdbcReviewActionOutbox(db);
      record(outbox, "a");
      long id = outbox.oldestUndelivered().orElseThrow().id();

      outbox.recordFailedAttempt(id, NOW, "x".repeat(2000));

      assertThat(outbox.oldestUndelivered().orElseThrow().delivery().lastError()).hasSize(500);
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
                      new ReviewFinding(account, "AU", "remove_account", List.of("R"), null),
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
        assertThat(outbox.after(0, 100)).hasSize(20);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
