package org.vigil.core.matcher;

import java.util.Optional;
import org.vigil.core.banks.Signal;

/**
 * Where a matched signal came from (its category and source, as imported), for the decision record.
 * The in-memory indexes hold only hashes and ids, so this reads the store: matches are rare, so one
 * read per match costs nothing on the scans that match nothing.
 */
@FunctionalInterface
public interface MatchedSignals {

  /** No provenance: matches keep a null category and source. */
  MatchedSignals NONE = (bank, signalId) -> Optional.empty();

  Optional<Signal> find(String bank, long signalId);
}
