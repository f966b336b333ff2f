package org.vigil.core.records;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.jobs.PeriodicJob;

/**
 * Deletes decision records past their retention period, hourly. Today one class of record expires:
 * decisions whose verdict is {@code allow} (a scan that matched nothing, a decide call that
 * allowed), after {@code noMatchRetention} (VIGIL_RETENTION_NO_MATCH, 30 days by default).
 * Decisions with any other verdict (block, review, deny...) are kept: they may be evidence or a
 * statement of reasons that the law requires to be kept, and are never deleted by this job. A
 * subject under a legal hold keeps everything.
 *
 * <p>Each run that deletes anything writes one audit entry ({@code retention.delete}) with the
 * count and the cutoff, so the audit chain records every deletion; the audit chain itself is never
 * pruned, so it still verifies from its first entry.
 */
public final class RetentionJob implements PeriodicJob {

  /** Rows per delete statement, so that no transaction grows without bound. */
  static final int BATCH = 5_000;

  private final RetentionStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration noMatchRetention;

  public RetentionJob(
      RetentionStore store, AuditLog audit, Clock clock, Duration noMatchRetention) {
    if (noMatchRetention == null || noMatchRetention.isNegative() || noMatchRetention.isZero()) {
      throw new IllegalArgumentException("retention must be a positive duration");
    }
    this.store = store;
    this.audit = audit;
    this.clock = clock;
    this.noMatchRetention = noMatchRetention;
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
    Instant cutoff = clock.instant().minus(noMatchRetention);
    long deleted = 0;
    int n;
    do {
      n = store.deleteDecisions("allow", cutoff, BATCH);
      deleted += n;
    } while (n == BATCH);
    if (deleted > 0) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("verdict", "allow");
      details.put("createdBefore", cutoff.toString());
      details.put("deleted", deleted);
      audit.record("system", "retention.delete", "decisions", details);
    }
    return deleted;
  }

  @Override
  public void run() {
    prune();
  }
}
