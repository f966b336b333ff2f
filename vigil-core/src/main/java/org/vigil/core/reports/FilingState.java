package org.vigil.core.reports;

/** Where a report to an authority stands, as {@code GET /v1/cases/{id}/report} shows it. */
public enum FilingState {
  /** Four-eyes: waiting for a second specialist to confirm. */
  AWAITING_CONFIRMATION,
  /** Being sent, possibly across restarts. */
  SENDING,
  /** The authority holds it; {@link Filing#reportId()} is its id. */
  FILED,
  /** Given up: {@link Filing#failure()} says why (e.g. the schema refused it). */
  FAILED
}
