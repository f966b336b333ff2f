package org.vigil.hash.index;

import org.vigil.hash.PdqHash;

/**
 * A set of (id, 256-bit code) entries searchable by Hamming distance.
 *
 * <p>Implementations are safe for concurrent readers while one writer adds and removes entries, and
 * must return exactly the entries a linear scan would: every id whose code is within {@code
 * maxDistance} of the query, each once.
 */
public interface HammingIndex {

  /** Adds or replaces the entry with this id. */
  void add(long id, PdqHash code);

  /** Removes the entry with this id; returns false when there was none. */
  boolean remove(long id);

  /** Calls {@code hits} for every entry within {@code maxDistance} (0–256) of {@code query}. */
  void search(PdqHash query, int maxDistance, HitConsumer hits);

  int size();
}
