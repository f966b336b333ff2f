package org.vigil.hash.index;

import java.util.Arrays;

/**
 * The entries of a {@link MultiIndexHammingIndex}, in slots numbered from 0 in the order they were
 * added, in three primitive arrays (no object per entry):
 *
 * <ul>
 *   <li>{@code codes}: four longs per slot (w0..w3), after {@link #PAD} longs. A large {@code
 *       long[]} starts its data 16 bytes into its object and G1 places it at a region boundary, so
 *       the pad puts every code on a 32-byte boundary: verifying a candidate touches one cache
 *       line, never two.
 *   <li>{@code ids}: the caller's id of each slot.
 *   <li>{@code death}: 0 while the slot is alive, else the index version that removed it. A reader
 *       holding version v treats the slot as alive when death is 0 or greater than v, so a remove
 *       (or a replace: remove the old slot, append a new one) becomes visible atomically with the
 *       version that the writer publishes.
 * </ul>
 *
 * Slots are append-only: a published slot's code is never rewritten, so a reader can never see a
 * half-written (torn) entry. Growing copies the arrays into a new store; readers keep the old one.
 */
final class EntryStore {

  static final int PAD = 2;

  /** Codes are addressed by int: PAD + 4 · slot must stay below 2^31. */
  static final int MAX_CAPACITY = (Integer.MAX_VALUE - 64) / 4;

  final long[] codes;
  final long[] ids;
  final int[] death;

  EntryStore(int capacity) {
    this(new long[PAD + 4 * capacity], new long[capacity], new int[capacity]);
  }

  private EntryStore(long[] codes, long[] ids, int[] death) {
    this.codes = codes;
    this.ids = ids;
    this.death = death;
  }

  static int codeOffset(int slot) {
    return PAD + (slot << 2);
  }

  int capacity() {
    return ids.length;
  }

  EntryStore grow(int capacity) {
    if (capacity > MAX_CAPACITY) {
      throw new IllegalStateException("index full: at most " + MAX_CAPACITY + " entries");
    }
    return new EntryStore(
        Arrays.copyOf(codes, PAD + 4 * capacity),
        Arrays.copyOf(ids, capacity),
        Arrays.copyOf(death, capacity));
  }

  void set(int slot, long id, long w0, long w1, long w2, long w3) {
    int c = codeOffset(slot);
    codes[c] = w0;
    codes[c + 1] = w1;
    codes[c + 2] = w2;
    codes[c + 3] = w3;
    ids[slot] = id;
  }

  boolean alive(int slot, int version) {
    int died = death[slot];
    return died == 0 || died > version;
  }

  long memoryBytes() {
    return 8L * codes.length + 8L * ids.length + 4L * death.length;
  }

  /**
   * Streams the slots [from, to): four popcounts per 32-byte code, which HotSpot compiles to POPCNT
   * on x86-64. The work per entry has no branch except the rare hit.
   */
  void scan(
      int from,
      int to,
      int version,
      long q0,
      long q1,
      long q2,
      long q3,
      int maxDistance,
      HitConsumer hits) {
    long[] codes = this.codes;
    for (int slot = from, c = codeOffset(from); slot < to; slot++, c += 4) {
      int distance =
          Long.bitCount(codes[c] ^ q0)
              + Long.bitCount(codes[c + 1] ^ q1)
              + Long.bitCount(codes[c + 2] ^ q2)
              + Long.bitCount(codes[c + 3] ^ q3);
      if (distance <= maxDistance && alive(slot, version)) {
        hits.accept(ids[slot], distance);
      }
    }
  }
}
