package org.vigil.core.records;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.jobs.PeriodicJob;

/**
 * Deletes decision records past their retention period, hourly. Two classes of record expire:
 * decisions whose verdict is {@code allow} (a scan that matched nothing, a decide call that
 * allowed), after {@code noMatchRetention} (VIGIL_RETENTION_NO_MATCH, 30 days by default); and
 * court-order refusals (the decisions and the per-day counts a court's report is made from), once
 * their order has ended and {@code courtOrderReporting} has passed (one year by default) — keeping
 * a restricted person's attempts longer than the order needs would be data kept without a purpose.
 * Decisions with any other verdict (block, review, deny...) are kept: they may be evidence or a
 * statement of reasons that the law requires to be kept, and are never deleted by this job. A
 * subject under a legal hold keeps everything.
 *
 * <p>Each run that deletes anything writes one audit entry ({@code retention.delete}) with the
 * count and the cutoff, so the audit chain records every deletion. By default the audit entry that
 * recorded a deleted no-match decision goes with it (otherwise about 420 bytes a scan would be kept
 * for ever), accounted for by a pruning entry in the same transaction, so the chain still verifies
 * ({@link org.vigil.core.audit.AuditPrunings}); {@code pruneRecordingEntries = false}
 * (VIGIL_RETENTION_NO_MATCH_AUDIT=keep) keeps them.
 */
public final class RetentionJob implements PeriodicJob {

  /** Rows per delete statement, so that no transaction grows without bound. */
  static final int BATCH = 5_000;

  private final RetentionStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration noMatchRetention;
  private final Duration courtOrderReporting;
  private final boolean pruneRecordingEntries;

  public RetentionJob(
      RetentionStore store, AuditLog audit, Clock clock, Duration noMatchRetention) {
    this(store, audit, clock, noMatchRetention, DEFAULT_COURT_ORDER_REPORTING);
  }

  /**
   * @param courtOrderReporting how long court-order refusals are kept after their order ended
   */
  public RetentionJob(
      RetentionStore store,
      AuditLog audit,
      Clock clock,
      Duration noMatchRetention,
      Duration courtOrderReporting) {
    this(store, audit, clock, noMatchRetention, courtOrderReporting, true);
  }

  /**
   * @param pruneRecordingEntries whether the audit entries that recorded deleted no-match decisions
   *     go with them
   */
  public RetentionJob(
      RetentionStore store,
      AuditLog audit,
      Clock clock,
      Duration noMatchRetention,
      Duration courtOrderReporting,
      boolean pruneRecordingEntries) {
    requirePositive(noMatchRetention);
    requirePositive(courtOrderReporting);
    this.store = store;
    this.audit = audit;
    this.clock = clock;
    this.noMatchRetention = noMatchRetention;
    this.courtOrderReporting = courtOrderReporting;
    this.pruneRecordingEntries = pruneRecordingEntries;
  }

  /** One year after the order ended: its compliance reports are due by then. */
  public static final Duration DEFAULT_COURT_ORDER_REPORTING = Duration.ofDays(365);

  private static void requirePositive(Duration period) {
    if (period == null || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("retention must be a positive duration");
    }
  }

  @Override
  public String name() {
    return "retention";
  }

  @Override
  public Duration every() {
    return Duration.ofHours(1);
  }

  /** One pass; returns how many decisions it deleted (also for tests and the CLI). */
  public long prune() {
    Instant now = clock.instant();
    Instant noMatchCutoff = now.minus(noMatchRetention);
    long noMatch =
        repeat(
            () ->
                pruneRecordingEntries
                    ? store.deleteDecisionsWithTheirAuditEntries("allow", noMatchCutoff, BATCH, now)
                    : store.deleteDecisions("allow", noMatchCutoff, BATCH));
    if (noMatch > 0) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("verdict", "allow");
      details.put("createdBefore", noMatchCutoff.toString());
      details.put("deleted", noMatch);
      details.put("recordingAuditEntries", pruneRecordingEntries ? "pruned" : "kept");
      audit.record("system", "retention.delete", "decisions", details);
    }
    Instant orderCutoff = now.minus(courtOrderReporting);
    long refusals = repeat(() -> store.deleteCourtOrderDecisions(orderCutoff, BATCH));
    long counts = repeat(() -> store.deleteCourtOrderDenialCounts(orderCutoff, BATCH));
    if (refusals > 0 || counts > 0) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("reason", "court order ended before " + orderCutoff);
      details.put("orderEndedBefore", orderCutoff.toString());
      details.put("decisionsDeleted", refusals);
      details.put("dailyCountsDeleted", counts);
      audit.record("system", "retention.delete", "court_order_denials", details);
    }
    return noMatch + refusals;
  }

  private static long repeat(java.util.function.IntSupplier batch) {
    long total = 0;
    int n;
    do {
      n = batch.getAsInt();
      total += n;
    } while (n == BATCH);
    return total;
  }

  @Override
  public void run() {
    prune();
  }
}
