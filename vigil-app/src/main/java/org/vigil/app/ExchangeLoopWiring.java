package org.vigil.app;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.vigil.core.actions.Outbox;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.banks.BankService;
import org.vigil.core.banks.exchanges.ExchangeAdapters;
import org.vigil.core.banks.exchanges.ExchangeSecrets;
import org.vigil.core.banks.exchanges.ExchangeStore;
import org.vigil.core.jobs.PeriodicJob;
import org.vigil.core.matcher.FloodGuard;
import org.vigil.core.matcher.MatchGuards;
import org.vigil.core.matcher.NegativeBank;
import org.vigil.core.matcher.SignalHolds;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.usecases.FeedbackLoop;
import org.vigil.core.usecases.RemoteLookups;
import org.vigil.report.DeliveryWorker;
import org.vigil.report.RetryPolicy;
import org.vigil.report.exchanges.ExchangeFeedbackConsumer;
import org.vigil.store.Database;
import org.vigil.store.JdbcBankStore;
import org.vigil.store.JdbcGuardStore;
import org.vigil.store.JdbcOutboxSubscribers;

/**
 * The feedback loop around the exchanges (docs/exchanges.md): the negative banks and the flood
 * guard between bank matches and the policy, the remote lists asked during scans, the opinions a
 * moderator's decision records, and the consumer that sends them to the exchanges.
 */
public final class ExchangeLoopWiring {

  /** How long a scan waits for a remote list (Arachnid Shield) at most. */
  static final Duration REMOTE_LOOKUP_TIMEOUT = Duration.ofSeconds(3);

  /** How long one feedback call to an exchange may take. */
  static final Duration FEEDBACK_TIMEOUT = Duration.ofSeconds(30);

  private final JdbcGuardStore guardStore;
  private final NegativeBank negative;
  private final FloodGuard flood;
  private final MatchGuards guards;
  private final SignalHolds holds;
  private final RemoteLookups remote;
  private final FeedbackLoop feedback;
  private final ExchangeFeedbackConsumer consumer;
  private final Outbox outbox;
  private final Clock clock;
  private final ExecutorService sends;

  ExchangeLoopWiring(
      Database database,
      DecisionLog decisions,
      BankService banks,
      ExchangeStore exchanges,
      ExchangeAdapters adapters,
      ExchangeSecrets secrets,
      Outbox outbox,
      AuditLog audit,
      FloodGuard.Settings floodSettings,
      Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
    this.guardStore = new JdbcGuardStore(database);
    this.negative = new NegativeBank(guardStore, clock);
    this.flood = new FloodGuard(guardStore, clock, floodSettings);
    this.guards = new MatchGuards(negative, flood, guardStore);
    this.holds = new SignalHolds(flood, guardStore, audit, banks);
    this.remote = new RemoteLookups(exchanges, adapters, secrets, banks, audit, clock);
    JdbcBankStore bankStore = new JdbcBankStore(database);
    this.feedback =
        new FeedbackLoop(
            decisions,
            bankStore,
            exchanges,
            adapters,
            new JdbcOutboxSubscribers(database),
            negative,
            clock);
    this.sends =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "exchange-feedback");
              t.setDaemon(true);
              return t;
            });
    this.consumer = new ExchangeFeedbackConsumer(exchanges, adapters, secrets, bankStore, sends);
  }

  /** Loads the benign marks, the holds and the remote lists (start-up). */
  void load() {
    negative.poll();
    flood.load();
    remote.refresh();
  }

  public MatchGuards guards() {
    return guards;
  }

  /** The flood guard's holds, for {@code /v1/signal-holds}. */
  public SignalHolds holds() {
    return holds;
  }

  public FloodGuard flood() {
    return flood;
  }

  public NegativeBank negative() {
    return negative;
  }

  public RemoteLookups remote() {
    return remote;
  }

  public FeedbackLoop feedback() {
    return feedback;
  }

  /**
   * The periodic work: benign marks, holds and remote lists on the bank-sync beat; the feedback
   * consumer every {@code feedbackEvery}.
   */
  List<PeriodicJob> jobs(Duration beat, RetryPolicy retry, Duration feedbackEvery) {
    return List.of(
        PeriodicJob.of("negative-bank-sync", beat, negative::poll),
        PeriodicJob.of("flood-guard", beat, flood::run),
        PeriodicJob.of("remote-lists", beat.multipliedBy(10), remote::refresh),
        new DeliveryWorker(
            outbox, consumer, retry, clock, FEEDBACK_TIMEOUT.multipliedBy(4), feedbackEvery, 16));
  }

  void close() {
    sends.shutdownNow();
  }
}
