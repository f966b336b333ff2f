package org.vigil.core.matcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.vigil.core.jobs.PeriodicJob;

/**
 * Writes an index snapshot every {@code every} when the indexes changed since the last one
 * (VIGIL_INDEX_SNAPSHOT_SECONDS), with the {@code vigil.banks} offsets the process has read, so
 * that the next worker to start restores it instead of reading every signal from the database.
 */
public final class IndexSnapshotJob implements PeriodicJob {

  private final IndexSnapshots snapshots;
  private final Supplier<Map<String, Long>> positions;
  private final Duration every;
  private boolean started;

  public IndexSnapshotJob(
      IndexSnapshots snapshots, Supplier<Map<String, Long>> positions, Duration every) {
    this.snapshots = snapshots;
    this.positions = positions;
    this.every = every;
  }

  @Override
  public String name() {
    return "index-snapshot";
  }

  @Override
  public Duration every() {
    return every;
  }

  /**
   * Writes a snapshot if the indexes changed. The scheduler's first turn comes at once, when the
   * process has just loaded or restored its indexes: it is skipped, so a start costs no snapshot.
   */
  @Override
  public void run() {
    if (!started) {
      started = true;
      return;
    }
    try {
      snapshots.write(positions);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write an index snapshot in " + snapshots.dir() + ": " + e.getMessage(), e);
    }
  }
}
