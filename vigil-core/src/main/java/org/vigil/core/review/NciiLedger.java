package org.vigil.core.review;

import java.time.Instant;
import java.util.List;

/**
 * Storage port of the ncii bank ledger: which bank signals each ncii removal put (or found) in the
 * ncii bank, and which of those removals an appeal reversed. A signal the ncii removals added stays
 * in the bank while any unreversed removal holds it. vigil-store implements it (V102).
 */
public interface NciiLedger {

  /** One signal a removal holds in a bank. */
  record Entry(
      String tenant, String decisionId, String caseId, String bank, long signalId, String type) {}

  /** Records that {@code entry}'s decision holds its signal (idempotent). */
  void hold(Entry entry, Instant at);

  /** Every signal the decision holds (reversed or not). */
  List<Entry> held(String tenant, String decisionId);

  /** Records that {@code decisionId} was reversed by {@code reversedBy} (idempotent). */
  void reverse(String tenant, String decisionId, String reversedBy, Instant at);

  /** Whether {@code decisionId} was reversed. */
  boolean reversed(String tenant, String decisionId);

  /** Whether a decision other than {@code decisionId}, not reversed, holds the signal. */
  boolean heldByOthers(String bank, long signalId, String decisionId);
}
