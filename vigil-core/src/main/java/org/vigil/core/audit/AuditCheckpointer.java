package org.vigil.core.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.vigil.core.jobs.PeriodicJob;

/**
 * Signs the audit chain's head periodically and appends the checkpoint to the log outside the
 * database (security review, issue 15 #3). Nothing is written while the chain has not grown. What
 * checkpoints cannot show: entries appended after the newest checkpoint can still be rewritten
 * undetected until the next one, so the interval bounds that window.
 */
public final class AuditCheckpointer implements PeriodicJob {

  private final AuditStore store;
  private final AuditCheckpointLog log;
  private final AuditSigningKey key;
  private final Clock clock;
  private final Duration every;

  public AuditCheckpointer(
      AuditStore store, AuditCheckpointLog log, AuditSigningKey key, Clock clock, Duration every) {
    this.store = Objects.requireNonNull(store, "store");
    this.log = Objects.requireNonNull(log, "log");
    this.key = Objects.requireNonNull(key, "key");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.every = Objects.requireNonNull(every, "every");
  }

  @Override
  public String name() {
    return "audit-checkpoint";
  }

  @Override
  public Duration every() {
    return every;
  }

  @Override
  public void run() {
    checkpoint();
  }

  /** Signs the current head unless the newest checkpoint already covers it. */
  public Optional<AuditCheckpoint> checkpoint() {
    AuditStore.Head head = store.head();
    if (head.seq() == 0) {
      return Optional.empty();
    }
    Optional<AuditCheckpoint> last = log.last();
    if (last.isPresent() && last.get().seq() >= head.seq()) {
      return Optional.empty();
    }
    AuditCheckpoint signed = key.sign(head.seq(), head.hash(), clock.instant());
    log.append(signed);
    return Optional.of(signed);
  }
}
