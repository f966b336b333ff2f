package org.vigil.core.intake;

import java.time.Instant;
import java.util.Optional;

/** Storage port for asynchronous scan requests (table {@code scan_requests}). */
public interface ScanRequestStore {

  /**
   * Records an accepted request as pending; does nothing when (tenant, requestId) is already
   * recorded (a worker got there first, or a platform submitted the same id again).
   *
   * @return whether a row was added
   */
  boolean recordPending(ScanRequestStatus status);

  /**
   * Marks the requests decided, in one transaction (inserting rows a direct producer never wrote
   * through the API); each status's {@code updatedAt} is its decision's time.
   */
  void markDecided(java.util.List<ScanRequestStatus> statuses);

  /** Marks the request failed with a reason (inserting its row when needed). */
  void markFailed(ScanRequestStatus status, String reason, Instant at);

  Optional<ScanRequestStatus> find(String tenant, String requestId);
}
