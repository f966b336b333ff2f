package org.vigil.core.intake;

import java.time.Instant;

/**
 * Where an asynchronous scan stands, as the {@code scan_requests} table records it. The decision
 * itself is the truth: a request whose decision is stored is decided even if this row still says
 * pending (the worker stopped between the two writes).
 *
 * @param decisionId the id the decision has (or will have): derived from the request, so a request
 *     delivered twice cannot be decided twice
 * @param reason why it failed, for {@link State#FAILED}
 */
public record ScanRequestStatus(
    String requestId,
    String tenant,
    String decisionId,
    String contentId,
    State state,
    String reason,
    Instant submittedAt,
    Instant updatedAt) {

  /** What happened to the request. */
  public enum State {
    PENDING,
    DECIDED,
    /** It could not be decided (bad hashes, an unreadable image); see the dead-letter topic. */
    FAILED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static State fromWire(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
