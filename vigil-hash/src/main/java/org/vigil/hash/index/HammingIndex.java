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

  /**
   * Adds {@code count} entries at once: {@code ids[i]} with code words {@code codes[4i..4i+3]}
   * (w0..w3, as in {@link PdqHash}). Loading a bank this way is much faster than one {@link #add}
   * per entry: the multi-index builds its bands once instead of merging as it grows.
   */
  default void addAll(long[] ids, long[] codes, int count) {
    if (count < 0 || count > ids.length || 4L * count > codes.length) {
      throw new IllegalArgumentException("count " + count + " does not fit the arrays");
    }
    for (int i = 0; i < count; i++) {
      add(ids[i], new PdqHash(codes[4 * i], codes[4 * i + 1], codes[4 * i + 2], codes[4 * i + 3]));
    }
  }

  /** Removes the entry with this id; returns false when there was none. */
  boolean remove(long id);

  /** Calls {@code hits} for every entry within {@code maxDistance} (0–256) of {@code query}. */
  void search(PdqHash query, int maxDistance, HitConsumer hits);

  int size();

  /**
   * The entries live at one moment, in the flat layout {@link #addAll} takes (an index snapshot
   * writes them, a restore adds them back in one bulk load). Writers may continue meanwhile.
   */
  Entries entries();

  /** Entries {@code ids[i]} with code words {@code codes[4i..4i+3]} (w0..w3), for i below count. */
  record Entries(long[] ids, long[] codes, int count) {}

  /** Receives one entry of {@link #forEachEntry}. */
  @FunctionalInterface
  interface EntryVisitor {
    void accept(long id, long w0, long w1, long w2, long w3);
  }

  /**
   * Calls {@code visitor} with every entry live at one moment, without copying them first (an index
   * snapshot of ten million entries would otherwise need 400 MB more while it is written). Readers
   * go on; writers may go on or wait, as the implementation needs.
   */
  void forEachEntry(EntryVisitor visitor);

  /**
   * Bytes held by the index's arrays (what the {@code vigil_index_memory_bytes} gauge reports):
   * their capacity, not only the live entries, without the few objects around them.
   */
  long memoryBytes();
}
