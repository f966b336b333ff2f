package org.vigil.core.banks.exchanges;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.banks.BankService;
import org.vigil.core.error.VigilException;
import org.vigil.core.jobs.PeriodicJob;

/**
 * Keeps banks in step with their exchanges. A fetch asks the adapter for pages from the stored
 * checkpoint; each page's bank changes, provenance and change-log entries are committed in one
 * transaction, applied to this server's matcher the way every bank change is, and only THEN is the
 * page's checkpoint stored. A crash between the two re-applies the page on resume, which changes
 * nothing (applying a page is idempotent), so an interrupted sync ends with the same bank as an
 * uninterrupted one.
 */
public final class ExchangeSync {

  private static final Logger LOG = LoggerFactory.getLogger(ExchangeSync.class);

  /** A runaway exchange that always says "more" stops here; the next run continues. */
  static final int MAX_PAGES_PER_FETCH = 10_000;

  /** Throttled by the exchange: wait as asked, up to this long, this many times per fetch. */
  static final Duration MAX_THROTTLE_WAIT = Duration.ofSeconds(60);

  static final int MAX_THROTTLE_WAITS = 3;

  private final ExchangeStore store;
  private final ExchangeAdapters adapters;
  private final ExchangeSecrets secrets;
  private final BankService banks;
  private final AuditLog audit;
  private final Clock clock;
  private final Map<String, ReentrantLock> running = new ConcurrentHashMap<>();

  public ExchangeSync(
      ExchangeStore store,
      ExchangeAdapters adapters,
      ExchangeSecrets secrets,
      BankService banks,
      AuditLog audit,
      Clock clock) {
    this.store = store;
    this.adapters = adapters;
    this.secrets = secrets;
    this.banks = banks;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Fetches now, until the exchange has no more pages or fails.
   *
   * @param actor who asked ({@code key:...}, or {@code system} for the schedule), for the audit log
   * @throws VigilException (conflict) when a fetch of this exchange is already running here
   */
  public FetchOutcome fetch(ExchangeConfig config, String actor) {
    ReentrantLock lock = running.computeIfAbsent(config.name(), n -> new ReentrantLock());
    if (!lock.tryLock()) {
      throw VigilException.conflict(
          "fetch_running", "a fetch of exchange '" + config.name() + "' is already running");
    }
    try {
      return fetchLocked(config, actor);
    } finally {
      lock.unlock();
    }
  }

  private FetchOutcome fetchLocked(ExchangeConfig config, String actor) {
    String name = config.name();
    ExchangeState state = store.state(name);
    Instant started = startInstant(state);
    store.fetchStarted(name, started);
    String checkpoint = state.checkpoint();
    FetchCounts total = FetchCounts.ZERO;
    int pages = 0;
    int throttleWaits = 0;
    try {
      banks.get(config.bank());
      ExchangeAdapterFactory factory =
          adapters
              .find(config.type())
              .orElseThrow(
                  () ->
                      new ExchangeException(
                          ExchangeException.Kind.CONFIGURATION,
                          "no adapter for exchange type '" + config.type() + "'"));
      ExchangeAdapter adapter = factory.create(config, secrets.credentials(config));
      while (true) {
        FetchPage page;
        try {
          page = adapter.fetch(Optional.ofNullable(checkpoint));
        } catch (ExchangeException e) {
          Optional<Duration> wait = throttleWait(e, throttleWaits);
          if (wait.isEmpty()) {
            throw e;
          }
          throttleWaits++;
          LOG.info("exchange {} throttled; waiting {} as asked", name, wait.get());
          Thread.sleep(wait.get().toMillis());
          continue;
        }
        FetchCounts counts = applyPage(config, page, started, actor);
        // The page's bank changes (and their counts) are committed: only now may the checkpoint
        // move past it.
        store.pageDone(
            name, page.checkpoint(), new FetchCounts(0, 0, 0, counts.skipped()), clock.instant());
        checkpoint = page.checkpoint();
        total = total.plus(counts);
        pages++;
        if (!page.more()) {
          store.fetchSucceeded(name, clock.instant());
          return new FetchOutcome(name, total, pages, true, checkpoint, null);
        }
        if (pages >= MAX_PAGES_PER_FETCH) {
          LOG.warn("exchange {} still had pages after {}; continuing next run", name, pages);
          return new FetchOutcome(name, total, pages, false, checkpoint, null);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(config, total, pages, checkpoint, "interrupted (shutting down)");
    } catch (ExchangeException e) {
      return failed(config, total, pages, checkpoint, describe(e));
    } catch (VigilException e) {
      return failed(config, total, pages, checkpoint, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("exchange {} fetch failed", name, e);
      return failed(
          config,
          total,
          pages,
          checkpoint,
          "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * Provenance rows are stamped with the fetch's start; a complete list withdraws rows stamped
   * earlier. Strictly after the previous start, so two fetches never share a stamp.
   */
  private Instant startInstant(ExchangeState state) {
    Instant now = clock.instant();
    Instant previous = state.lastFetchAt();
    return previous != null && !now.isAfter(previous) ? previous.plusMillis(1) : now;
  }

  private FetchCounts applyPage(
      ExchangeConfig config, FetchPage page, Instant seenAt, String actor) {
    List<Delta> deltas = new ArrayList<>(page.deltas().size());
    long skipped = page.skipped();
    for (Delta delta : page.deltas()) {
      Optional<Delta> canonical = canonical(delta);
      if (canonical.isPresent()) {
        deltas.add(canonical.get());
      } else {
        skipped++;
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("bank", config.bank());
    details.put("deltas", deltas.size());
    details.put("checkpointAfter", page.checkpoint() != null);
    AppliedPage applied =
        store.apply(
            config,
            deltas,
            seenAt,
            audit.event(actor, "exchange.fetch.page", "exchange:" + config.name(), details));
    banks.applyStoredChanges(applied.changes());
    FetchCounts counts = applied.counts();
    if (page.snapshot()) {
      AppliedPage removed =
          store.removeUnseen(
              config,
              seenAt,
              audit.event(
                  actor,
                  "exchange.fetch.omitted",
                  "exchange:" + config.name(),
                  Map.of("bank", config.bank())));
      banks.applyStoredChanges(removed.changes());
      counts = counts.plus(removed.counts());
    }
    return counts.plus(new FetchCounts(0, 0, 0, skipped));
  }

  /** The delta with its value in canonical form, or empty when the value is not a valid hash. */
  static Optional<Delta> canonical(Delta delta) {
    try {
      if (delta instanceof Delta.Upsert u) {
        return Optional.of(
            new Delta.Upsert(
                u.type(),
                u.type().normalise(u.value()),
                u.externalId(),
                u.categories(),
                u.tags(),
                u.fetchedAt(),
                u.opinions()));
      }
      Delta.Delete d = (Delta.Delete) delta;
      if (d.value() == null) {
        return Optional.of(d);
      }
      return Optional.of(new Delta.Delete(d.externalId(), d.type(), d.type().normalise(d.value())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> throttleWait(ExchangeException e, int waitsSoFar) {
    if (e.kind() != ExchangeException.Kind.THROTTLED || waitsSoFar >= MAX_THROTTLE_WAITS) {
      return Optional.empty();
    }
    Duration wait = e.retryAfter().orElse(Duration.ofSeconds(1));
    return wait.compareTo(MAX_THROTTLE_WAIT) <= 0 ? Optional.of(wait) : Optional.empty();
  }

  private static String describe(ExchangeException e) {
    String kind =
        switch (e.kind()) {
          case AUTHENTICATION -> "authentication failed";
          case THROTTLED -> "throttled";
          case UNAVAILABLE -> "exchange unavailable";
          case PROTOCOL -> "unexpected answer";
          case CONFIGURATION -> "configuration";
        };
    return kind + ": " + e.getMessage();
  }

  private FetchOutcome failed(
      ExchangeConfig config, FetchCounts total, int pages, String checkpoint, String error) {
    store.fetchFailed(config.name(), error, clock.instant());
    LOG.info("exchange {} fetch stopped after {} pages: {}", config.name(), pages, error);
    return new FetchOutcome(config.name(), total, pages, false, checkpoint, error);
  }

  /** Fetches every enabled exchange whose schedule is due; one failing never stops the others. */
  public int runDue() {
    int ran = 0;
    Instant now = clock.instant();
    for (ExchangeConfig config : store.listAll()) {
      if (!config.enabled()) {
        continue;
      }
      ExchangeState state = store.state(config.name());
      if (state.lastFetchAt() != null
          && now.isBefore(state.lastFetchAt().plus(config.schedule()))) {
        continue;
      }
      try {
        fetch(config, "system");
        ran++;
      } catch (VigilException busy) {
        LOG.debug("exchange {} skipped: {}", config.name(), busy.getMessage());
      }
    }
    return ran;
  }

  /**
   * The one periodic job for every exchange: it wakes every {@code tick} and fetches the exchanges
   * whose own schedule is due, so exchanges created, changed or deleted at run time need no
   * rescheduling.
   */
  public PeriodicJob job(Duration tick) {
    return PeriodicJob.of("exchange-fetch", tick, this::runDue);
  }
}
