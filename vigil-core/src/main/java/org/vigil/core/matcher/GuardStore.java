package org.vigil.core.matcher;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.SignalOpinion;

/** Storage port of the negative banks and the flood guard. */
public interface GuardStore {

  /**
   * A bank signal's hash as the opinions table keys it (type and the signals table's hash value),
   * or empty when the signal is gone.
   */
  Optional<HashKey> hashOf(String bank, long signalId);

  /** The key of a hash: its type and the value opinions are stored under. */
  record HashKey(SignalType type, String value) {}

  /** Opinions recorded at or after {@code since}, oldest first. */
  List<SignalOpinion> opinionsRecordedSince(Instant since);

  /** Adds match counts of one hour bucket (the hour's start) per signal. */
  void addMatchCounts(Instant hour, List<MatchCount> counts);

  /** Matches of one signal in this hour bucket. */
  record MatchCount(String bank, long signalId, long matches) {}

  /** The signal's matches counted in hour buckets starting in [{@code from}, {@code to}). */
  long matches(String bank, long signalId, Instant from, Instant to);

  /**
   * Holds the signal and enqueues {@code announcement} in the same transaction, unless it is held
   * already.
   *
   * @return true when this call started the hold
   */
  boolean hold(SignalHold hold, OutboxMessage announcement);

  /** Ends a hold; false when the signal was not held. */
  boolean release(String bank, long signalId, String by, Instant at);

  /** Every hold not released. */
  List<SignalHold> activeHolds();
}
