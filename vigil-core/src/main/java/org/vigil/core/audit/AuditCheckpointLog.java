package org.vigil.core.audit;

import java.util.List;
import java.util.Optional;

/** Where signed checkpoints are kept: append-only, outside the audit database. */
public interface AuditCheckpointLog {

  /** Appends {@code checkpoint}; returns only when it is on disk. */
  void append(AuditCheckpoint checkpoint);

  /** Every checkpoint, oldest first. */
  List<AuditCheckpoint> all();

  /** The newest checkpoint, if any. */
  default Optional<AuditCheckpoint> last() {
    List<AuditCheckpoint> all = all();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }
}
