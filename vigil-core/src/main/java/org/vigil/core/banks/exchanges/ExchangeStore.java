package org.vigil.core.banks.exchanges;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.banks.SignalType;
import org.vigil.core.evidence.SealedItem;

/** Storage port for exchanges, their sync state, signal provenance and opinions. */
public interface ExchangeStore {

  // --- configuration -------------------------------------------------------------------------

  /**
   * Stores a new exchange with its sealed secret (when {@link CredentialsRef.Kind#STORED}) and its
   * creation audit entry, in one transaction.
   *
   * @return false when an exchange with this name exists (in any tenant)
   */
  boolean create(ExchangeConfig config, Optional<SealedItem> credentials, AuditEvent audit);

  /** The exchange, when it exists and belongs to {@code tenant}. */
  Optional<ExchangeConfig> find(String tenant, String name);

  List<ExchangeConfig> list(String tenant);

  /** Every exchange of every tenant, for the scheduler. */
  List<ExchangeConfig> listAll();

  /** The sealed secret of an exchange whose credentials are stored. */
  Optional<SealedItem> sealedCredentials(String name);

  /**
   * Deletes the exchange, its state and its secret, with its audit entry. Its signals and their
   * provenance stay in the bank (remove the bank to drop them).
   *
   * @return false when it did not exist in {@code tenant}
   */
  boolean delete(String tenant, String name, AuditEvent audit, Instant at);

  // --- sync state ------------------------------------------------------------------------------

  ExchangeState state(String name);

  /** Records that a fetch started at {@code at}; resets the last fetch's counts. */
  void fetchStarted(String name, Instant at);

  /**
   * Stores the checkpoint after a page's bank changes are durable, and adds {@code counts} to the
   * last and total counts. {@link #apply} already counted its own added, updated and removed rows
   * in its transaction; pass here only what it did not count (the adapter's skipped entries).
   */
  void pageDone(String name, String checkpoint, FetchCounts counts, Instant at);

  /** Records that the fetch reached its last page: last success set, last error cleared. */
  void fetchSucceeded(String name, Instant at);

  /** Records why the fetch failed; the checkpoint stays where the last applied page left it. */
  void fetchFailed(String name, String error, Instant at);

  // --- the bank --------------------------------------------------------------------------------

  /**
   * Applies deltas to the bank in ONE transaction: signals inserted or removed, provenance rows
   * written, the bank change log entries that tell every server's matcher, the exchange's added,
   * updated and removed counts, and {@code audit}. Idempotent: applying the same deltas again
   * changes nothing and counts nothing as added. Values must already be canonical (see {@link
   * SignalType#normalise}).
   *
   * @param seenAt stamped on every provenance row an upsert names (see {@link #removeUnseen})
   */
  AppliedPage apply(ExchangeConfig exchange, List<Delta> deltas, Instant seenAt, AuditEvent audit);

  /**
   * Deletion by omission after a complete list: withdraws every signal of this exchange in its bank
   * whose provenance was not seen since {@code seenSince}, as {@link #apply} does a {@link
   * Delta.Delete}.
   */
  AppliedPage removeUnseen(ExchangeConfig exchange, Instant seenSince, AuditEvent audit);

  /** Every exchange's provenance for one bank signal. */
  List<SignalProvenance> provenance(String bank, long signalId);

  /** This exchange's provenance rows, by external id (oldest first). */
  List<SignalProvenance> provenanceByExternalId(String exchange, String externalId);

  // --- opinions --------------------------------------------------------------------------------

  /** Stores an opinion; returns it with its id. */
  SignalOpinion addOpinion(SignalOpinion opinion, Instant recordedAt);

  /** Every opinion on the hash (canonical value), oldest first. */
  List<SignalOpinion> opinions(SignalType type, String value);
}
