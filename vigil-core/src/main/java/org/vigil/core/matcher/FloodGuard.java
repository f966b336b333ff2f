package org.vigil.core.matcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.json.Json;

/**
 * Holds a bank signal that suddenly matches far more content than it ever did: a list that shipped
 * a common image (a logo, a blank frame) would otherwise block thousands of innocent uploads within
 * minutes. A held signal's matches go to review instead of being acted on, and {@code
 * signal.quarantined} goes to the tenant's webhooks.
 *
 * <p>What counts is distinct items: a signal matching the same upload again (a retry, a re-scan)
 * has not matched another item. The rule: a signal is held when its items within an hour exceed
 * {@code max(matchesPerHour, baselineFactor × baseline)}, where the baseline is its average matches
 * per hour over the {@code baselineWindow} before the last hour (so a signal that never matched is
 * held above {@code matchesPerHour}, and one that always matches a lot only when it jumps well
 * above its usual rate).
 *
 * <p>How it counts: each server keeps the items it saw match each signal in the last hour, so it
 * can hold a signal the moment its own trailing hour crosses the limit (the baseline is read from
 * the store only then, which is rare). {@link #run()} adds the counts to the store's hourly buckets
 * and checks each signal counted against the sum of all servers' counts over the current and the
 * previous clock hour, and picks up holds and releases other servers made.
 */
public final class FloodGuard {

  private static final Logger LOG = LoggerFactory.getLogger(FloodGuard.class);

  /** The outbox topic announcing a hold. */
  public static final String QUARANTINED = "signal.quarantined";

  /** The guard's configuration. */
  public record Settings(
      boolean enabled, long matchesPerHour, double baselineFactor, Duration baselineWindow) {

    public static final Settings DEFAULT = new Settings(true, 100, 10.0, Duration.ofDays(7));

    public Settings {
      if (matchesPerHour < 1) {
        throw new IllegalArgumentException("matchesPerHour must be at least 1");
      }
      if (!(baselineFactor >= 1.0)) {
        throw new IllegalArgumentException("baselineFactor must be at least 1");
      }
      if (baselineWindow == null || baselineWindow.compareTo(Duration.ofHours(1)) < 0) {
        throw new IllegalArgumentException("baselineWindow must be at least one hour");
      }
    }
  }

  private record Ref(String bank, long signalId) {}

  /**
   * The distinct items (uploads) that matched a signal on this server in the last 60 minutes, with
   * the minute each was last seen. Bounded: a signal is held long before it has more than a few
   * hundred, and entries older than an hour are pruned as it grows.
   */
  private static final class Items {
    final Map<String, Long> lastMinute = new HashMap<>();

    /** Records the item; returns whether it is new this hour, and the distinct count. */
    synchronized long[] add(String item, long nowMinute) {
      Long previous = lastMinute.put(item, nowMinute);
      boolean fresh = previous == null || nowMinute - previous >= 60;
      lastMinute.values().removeIf(minute -> nowMinute - minute >= 60);
      return new long[] {fresh ? 1 : 0, lastMinute.size()};
    }
  }

  private final GuardStore store;
  private final Clock clock;
  private final Settings settings;
  private final Map<Ref, Items> recent = new ConcurrentHashMap<>();
  private final Map<Ref, SignalHold> holds = new ConcurrentHashMap<>();
  private final Map<Ref, AtomicLong> unflushed = new ConcurrentHashMap<>();
  private final Map<Ref, String> lastTenant = new ConcurrentHashMap<>();
  private volatile Instant unflushedHour;

  public FloodGuard(GuardStore store, Clock clock, Settings settings) {
    this.store = store;
    this.clock = clock;
    this.settings = settings;
    this.unflushedHour = hour(clock.instant());
  }

  public Settings settings() {
    return settings;
  }

  /** Loads the holds in force (start-up). */
  public void load() {
    syncHolds();
  }

  /** The hold on the signal, if it is held. */
  public Optional<SignalHold> held(String bank, long signalId) {
    return Optional.ofNullable(holds.get(new Ref(bank, signalId)));
  }

  /**
   * Counts one match of the signal by {@code item} (the uploaded content: its content id, else its
   * hash); returns the hold when the signal is held, including by this very match. The same item
   * matching again within the hour (a retry, a re-scan) is not another item.
   */
  public Optional<SignalHold> observe(
      String bank, long signalId, String item, String tenant, Instant at) {
    Ref ref = new Ref(bank, signalId);
    SignalHold existing = holds.get(ref);
    if (!settings.enabled()) {
      return Optional.empty();
    }
    rollHour(at);
    long[] seen = recent.computeIfAbsent(ref, k -> new Items()).add(item, at.getEpochSecond() / 60);
    if (seen[0] == 1) {
      unflushed.computeIfAbsent(ref, k -> new AtomicLong()).incrementAndGet();
    }
    lastTenant.put(ref, tenant);
    long lastHour = seen[1];
    if (existing != null) {
      return Optional.of(existing);
    }
    if (lastHour <= settings.matchesPerHour()) {
      return Optional.empty();
    }
    return check(ref, lastHour, tenant, at);
  }

  /** Holds the signal when {@code lastHour} is over its limit; the baseline is read only now. */
  private Optional<SignalHold> check(Ref ref, long lastHour, String tenant, Instant at) {
    double baseline = baseline(ref, at);
    long limit =
        Math.max(settings.matchesPerHour(), (long) Math.ceil(settings.baselineFactor() * baseline));
    if (lastHour <= limit) {
      return Optional.empty();
    }
    SignalHold hold =
        new SignalHold(ref.bank(), ref.signalId(), at, lastHour, baseline, limit, tenant);
    if (store.hold(hold, announcement(hold))) {
      LOG.warn(
          "flood guard: holding signal {} of bank {}: {}",
          ref.signalId(),
          ref.bank(),
          hold.reason());
      holds.put(ref, hold);
      return Optional.of(hold);
    }
    // Another server held it first: use its hold.
    syncHolds();
    return Optional.ofNullable(holds.get(ref));
  }

  private double baseline(Ref ref, Instant at) {
    Instant end = hour(at).minus(Duration.ofHours(1));
    Instant start = end.minus(settings.baselineWindow());
    long before = store.matches(ref.bank(), ref.signalId(), start, end);
    return before / (double) settings.baselineWindow().toHours();
  }

  /**
   * Writes the counts to the store, checks the signals counted against every server's counts, and
   * picks up holds and releases made elsewhere. Run on the bank-sync beat by the scheduler.
   */
  public void run() {
    Instant now = clock.instant();
    flush();
    syncHolds();
    List<Ref> counted = new ArrayList<>(lastTenant.keySet());
    for (Ref ref : counted) {
      if (holds.containsKey(ref)) {
        continue;
      }
      long recentMatches =
          store.matches(
              ref.bank(),
              ref.signalId(),
              hour(now).minus(Duration.ofHours(1)),
              hour(now).plus(Duration.ofHours(1)));
      if (recentMatches > settings.matchesPerHour()) {
        check(ref, recentMatches, lastTenant.getOrDefault(ref, "default"), now);
      }
    }
    lastTenant.clear();
  }

  /** Ends the hold on a signal; false when it was not held. */
  public boolean release(String bank, long signalId, String by) {
    boolean released = store.release(bank, signalId, by, clock.instant());
    holds.remove(new Ref(bank, signalId));
    Items items = recent.remove(new Ref(bank, signalId));
    if (items != null) {
      LOG.info("flood guard: signal {} of bank {} released by {}", signalId, bank, by);
    }
    return released;
  }

  /** Flushes the last hour's counts when a new hour begins (checked without a lock first). */
  private void rollHour(Instant at) {
    Instant hour = hour(at);
    if (hour.equals(unflushedHour)) {
      return;
    }
    synchronized (this) {
      if (!hour.equals(unflushedHour)) {
        flush();
        unflushedHour = hour;
      }
    }
  }

  private synchronized void flush() {
    if (unflushed.isEmpty()) {
      return;
    }
    List<GuardStore.MatchCount> counts = new ArrayList<>();
    for (Map.Entry<Ref, AtomicLong> entry : unflushed.entrySet()) {
      long n = entry.getValue().getAndSet(0);
      if (n > 0) {
        counts.add(new GuardStore.MatchCount(entry.getKey().bank(), entry.getKey().signalId(), n));
      }
    }
    unflushed.values().removeIf(n -> n.get() == 0);
    if (!counts.isEmpty()) {
      store.addMatchCounts(unflushedHour, counts);
    }
  }

  private void syncHolds() {
    Map<Ref, SignalHold> active = new LinkedHashMap<>();
    for (SignalHold hold : store.activeHolds()) {
      active.put(new Ref(hold.bank(), hold.signalId()), hold);
    }
    holds.keySet().retainAll(active.keySet());
    holds.putAll(active);
  }

  private static Instant hour(Instant at) {
    return at.truncatedTo(ChronoUnit.HOURS);
  }

  /** The {@code signal.quarantined} message; its id is stable for one hold. */
  static OutboxMessage announcement(SignalHold hold) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("type", QUARANTINED);
    payload.put("bank", hold.bank());
    payload.put("signalId", hold.signalId());
    payload.put("matchesLastHour", hold.matches());
    payload.put("baselinePerHour", hold.baselinePerHour());
    payload.put("limit", hold.limit());
    payload.put("heldAt", hold.heldAt().toString());
    payload.put("reason", hold.reason());
    String json;
    try {
      json = Json.MAPPER.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String id =
        "msg_hold_"
            + HexFormat.of().toHexDigits(hold.bank().hashCode())
            + "_"
            + hold.signalId()
            + "_"
            + hold.heldAt().toEpochMilli();
    return new OutboxMessage(
        id,
        hold.tenant(),
        QUARANTINED,
        "signal:" + hold.bank() + "/" + hold.signalId(),
        json,
        hold.heldAt());
  }
}
