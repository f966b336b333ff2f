package org.vigil.core.records;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.audit.AuditSigningKey;
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
 * <p>Each batch of deletions (at most {@value #BATCH} rows) writes one audit entry ({@code
 * retention.delete}) with the count and the cutoff in its own transaction, so the audit chain
 * records every deletion, even one of a run cut short by a crash. By default the audit entry that
 * recorded a deleted no-match decision goes with it (otherwise about 420 bytes a scan would be kept
 * for ever), accounted for by a pruning entry signed with the audit signing key in the same
 * transaction, so the chain still verifies ({@link org.vigil.core.audit.AuditPrunings}); without a
 * key (VIGIL_RETENTION_NO_MATCH_AUDIT=keep, and the shorter constructors) they are kept.
 */
public final class RetentionJob implements PeriodicJob {

  /** Rows per delete statement, so that no transaction grows without bound. */
  static final int BATCH = 5_000;

  private final RetentionStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration noMatchRetention;
  private final Duration courtOrderReporting;
  private final AuditSigningKey pruneSignedBy;

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
    this(store, audit, clock, noMatchRetention, courtOrderReporting, null);
  }

  /**
   * @param pruneSignedBy the audit signing key that signs each pruning of the audit entries that
   *     recorded deleted no-match decisions; null keeps those entries
   */
  public RetentionJob(
      RetentionStore store,
      AuditLog audit,
      Clock clock,
      Duration noMatchRetention,
      Duration courtOrderReporting,
      AuditSigningKey pruneSignedBy) {
    requirePositive(noMatchRetention);
    requirePositive(courtOrderReporting);
    this.store = store;
    this.audit = audit;
    this.clock = clock;
    this.noMatchRetention = noMatchRetention;
    this.courtOrderReporting = courtOrderReporting;
    this.pruneSignedBy = pruneSignedBy;
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
                store.deleteDecisions(
                    "allow",
                    noMatchCutoff,
                    pruneSignedBy,
                    batch(
                        now,
                        "decisions",
                        Map.of(
                            "verdict",
                            "allow",
                            "createdBefore",
                            noMatchCutoff.toString(),
                            "recordingAuditEntries",
                            pruneSignedBy != null ? "pruned" : "kept"))));
    Instant orderCutoff = now.minus(courtOrderReporting);
    Map<String, Object> orderEnded =
        Map.of(
            "reason",
            "court order ended before " + orderCutoff,
            "orderEndedBefore",
            orderCutoff.toString());
    long refusals =
        repeat(
            () ->
                store.deleteCourtOrderDecisions(orderCutoff, batch(now, "decisions", orderEnded)));
    repeat(
        () ->
            store.deleteCourtOrderDenialCounts(
                orderCutoff, batch(now, "court_order_denials", orderEnded)));
    return noMatch + refusals;
  }

  /** A batch whose audit entry ({@code retention.delete}) adds the count to {@code why}. */
  private RetentionStore.Batch batch(Instant now, String subject, Map<String, Object> why) {
    return new RetentionStore.Batch(
        BATCH,
        now,
        deleted -> {
          Map<String, Object> details = new LinkedHashMap<>(why);
          details.put("deleted", deleted);
          return audit.event("system", "retention.delete", subject, details);
        });
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
