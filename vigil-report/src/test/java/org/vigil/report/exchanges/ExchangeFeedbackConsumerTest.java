package org.vigil.report.exchanges;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.actions.Delivery;
import org.vigil.core.actions.DeliveryState;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankAction;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.CredentialsRef;
import org.vigil.core.banks.exchanges.Delta;
import org.vigil.core.banks.exchanges.ExchangeAdapters;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeSecrets;
import org.vigil.core.evidence.EnvelopeCipher;
import org.vigil.core.testing.MutableClock;
import org.vigil.core.usecases.FeedbackLoop;
import org.vigil.report.DeliveryWorker;
import org.vigil.report.RetryPolicy;
import org.vigil.store.Database;
import org.vigil.store.JdbcBankStore;
import org.vigil.store.JdbcExchangeStore;
import org.vigil.store.JdbcOutbox;
import org.vigil.store.JdbcOutboxSubscribers;
import org.vigil.store.TestDatabases;

/**
 * The {@code exchange_feedback} consumer on a real outbox (PostgreSQL) against the StopNCII
 * stand-in: feedback is delivered, retried with backoff while the exchange fails, and set aside as
 * a dead letter when the exchange refuses it for good.
 */
@Timeout(120)
class ExchangeFeedbackConsumerTest {

  private static final Instant T0 = Instant.parse("2026-12-05T05:00:00Z");
  private static final String HASH =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  private static final String SUBSCRIPTION = FeedbackLoop.subscriptionId("default");

  private final Database db = TestDatabases.freshPostgres();
  private final MutableClock clock = new MutableClock(T0);
  private final StopNciiTestServer stopncii = new StopNciiTestServer("sub", "fn", "fn");
  private final JdbcExchangeStore exchanges = new JdbcExchangeStore(db);
  private final JdbcBankStore banks = new JdbcBankStore(db);
  private final JdbcOutbox outbox = new JdbcOutbox(db);
  private final ExecutorService sends = Executors.newSingleThreadExecutor();
  private long signalId;

  @AfterEach
  void close() {
    sends.shutdownNow();
    stopncii.close();
    db.close();
  }

  private DeliveryWorker worker() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    ExchangeSecrets secrets = new ExchangeSecrets(new EnvelopeCipher(key), exchanges);
    ExchangeConfig config =
        new ExchangeConfig(
            "ncii",
            "default",
            StopNciiAdapterFactory.TYPE,
            "ncii-bank",
            stopncii.url(),
            CredentialsRef.STORED,
            Duration.ofHours(1),
            true,
            Map.of(),
            T0,
            T0);
    banks.insert(new Bank("ncii-bank", "", 31, BankAction.BLOCK, true, T0, T0));
    exchanges.create(
        config,
        Optional.of(
            secrets.seal("ncii", new Credentials(Map.of("token", "sub", "functionKey", "fn")))),
        new AuditEvent("test", "exchange.create", "exchange:ncii", "{}"));
    exchanges.apply(
        config,
        List.of(new Delta.Upsert(SignalType.PDQ, HASH, null, List.of("ncii"), List.of(), T0)),
        T0,
        new AuditEvent("test", "exchange.fetch.page", "exchange:ncii", "{}"));
    signalId = banks.listSignals("ncii-bank", 0, 10).get(0).id();
    new JdbcOutboxSubscribers(db)
        .ensure(SUBSCRIPTION, "default", FeedbackLoop.CONSUMER, List.of(FeedbackLoop.TOPIC), T0);
    ExchangeFeedbackConsumer consumer =
        new ExchangeFeedbackConsumer(
            exchanges,
            new ExchangeAdapters(
                List.of(new StopNciiAdapterFactory(clock, Duration.ofSeconds(30)))),
            secrets,
            banks,
            sends);
    return new DeliveryWorker(
        outbox,
        consumer,
        new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(1), 3),
        clock,
        Duration.ofSeconds(120),
        Duration.ofSeconds(1),
        16,
        () -> 0.0);
  }

  private void enqueue(String exchange, String opinion) {
    String payload =
        "{\"type\":\"exchange.feedback\",\"exchange\":\""
            + exchange
            + "\",\"bank\":\"ncii-bank\",\"signalId\":"
            + signalId
            + ",\"opinion\":\""
            + opinion
            + "\",\"category\":\"ncii\",\"caseId\":\"case_1\",\"decisionId\":\"dec_1\","
            + "\"decidedAt\":\""
            + T0
            + "\"}";
    outbox.enqueue(
        new OutboxMessage(
            "msg_fb_" + exchange + "_" + opinion,
            "default",
            FeedbackLoop.TOPIC,
            "exchange:" + exchange,
            payload,
            T0));
  }

  private Delivery only() {
    List<Delivery> all = outbox.deliveries(SUBSCRIPTION, null, null, 10);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void deliver_overturnedMatch_isSentAsNotBlocked() {
    DeliveryWorker worker = worker();
    stopncii.put("ImagePDQ", HASH, 100);
    enqueue("ncii", "false_positive");

    assertThat(worker.deliverDue()).isEqualTo(1);

    assertThat(stopncii.feedbacks())
        .containsExactly(new StopNciiTestServer.Feedback(HASH, "NotBlocked", List.of()));
    assertThat(only().state()).isEqualTo(DeliveryState.DELIVERED);
  }

  @Test
  void deliver_exchangeDown_isRetriedWithBackoffUntilItAnswers() {
    DeliveryWorker worker = worker();
    stopncii.put("ImagePDQ", HASH, 100);
    stopncii.failNext(503, 429);
    enqueue("ncii", "true_positive");

    assertThat(worker.deliverDue()).isZero();
    assertThat(only().state()).isEqualTo(DeliveryState.PENDING);
    assertThat(only().attempts()).isEqualTo(1);
    assertThat(worker.deliverDue()).isZero(); // backing off: not due yet
    assertThat(only().attempts()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(6));
    assertThat(worker.deliverDue()).isZero(); // throttled this time
    assertThat(only().lastError()).contains("slow down");
    clock.advance(Duration.ofSeconds(11));
    assertThat(worker.deliverDue()).isEqualTo(1);

    assertThat(stopncii.feedbacks())
        .containsExactly(new StopNciiTestServer.Feedback(HASH, "Blocked", List.of()));
  }

  @Test
  void deliver_exchangeRefusesTheHash_isADeadLetterAtOnce() {
    DeliveryWorker worker = worker();
    // The exchange no longer knows the hash: it answers 400, which retrying cannot change.
    enqueue("ncii", "false_positive");

    assertThat(worker.deliverDue()).isZero();

    Delivery dead = only();
    assertThat(dead.state()).isEqualTo(DeliveryState.DEAD);
    assertThat(dead.lastError()).contains("refused the request");
    assertThat(stopncii.feedbacks()).isEmpty();
  }

  @Test
  void deliver_exchangeDeleted_isADeadLetter() {
    DeliveryWorker worker = worker();
    enqueue("gone", "true_positive");

    worker.deliverDue();

    assertThat(only().state()).isEqualTo(DeliveryState.DEAD);
    assertThat(only().lastError()).contains("no longer exists");
  }
}
