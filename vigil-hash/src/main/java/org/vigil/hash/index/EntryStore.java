package org.vigil.hash.index;

import java.util.Arrays;

/**
 * The entries of a {@link MultiIndexHammingIndex}, in slots numbered from 0 in the order they were
 * added, in four primitive arrays (no object per entry):
 *
 * <ul>
 *   <li>{@code front}: words w0 and w1 of each slot's code ({@code front[2·slot]}, {@code
 *       front[2·slot + 1]}); {@code back}: words w2 and w3, laid out the same way. Splitting the
 *       code in halves is what makes verification cheap: a candidate whose first 128 bits already
 *       differ in more than the threshold is rejected from {@code front} alone, and for a random
 *       candidate at threshold 31 that is all but certain (128 random bits differ in 64 ± 5.7), so
 *       a query's thousands of random reads fall in an array half the size of the codes (160 MB
 *       instead of 320 MB at 10 million), which the last-level cache and the TLB cover better. A
 *       large {@code long[]} starts its data 16 bytes after a G1 region boundary, so each 16-byte
 *       half sits inside one cache line.
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

  /** Halves are addressed by int: 2 · slot + 1 must stay below 2^31. */
  static final int MAX_CAPACITY = (Integer.MAX_VALUE - 64) / 2;

  final long[] front;
  final long[] back;
  final long[] ids;
  final int[] death;

  EntryStore(int capacity) {
    this(new long[2 * capacity], new long[2 * capacity], new long[capacity], new int[capacity]);
  }

  private EntryStore(long[] front, long[] back, long[] ids, int[] death) {
    this.front = front;
    this.back = back;
    this.ids = ids;
    this.death = death;
  }

  int capacity() {
    return ids.length;
  }

  EntryStore grow(int capacity) {
    if (capacity > MAX_CAPACITY) {
      throw new IllegalStateException("index full: at most " + MAX_CAPACITY + " entries");
    }
    return new EntryStore(
        Arrays.copyOf(front, 2 * capacity),
        Arrays.copyOf(back, 2 * capacity),
        Arrays.copyOf(ids, capacity),
        Arrays.copyOf(death, capacity));
  }

  void set(int slot, long id, long w0, long w1, long w2, long w3) {
    int h = slot << 1;
    front[h] = w0;
    front[h + 1] = w1;
    back[h] = w2;
    back[h + 1] = w3;
    ids[slot] = id;
  }

  /** Copies slot's code words w0..w3 into {@code into[at..at+3]}. */
  void copyCode(int slot, long[] into, int at) {
    int h = slot << 1;
    into[at] = front[h];
    into[at + 1] = front[h + 1];
    into[at + 2] = back[h];
    into[at + 3] = back[h + 1];
  }

  boolean alive(int slot, int version) {
    int died = death[slot];
    return died == 0 || died > version;
  }

  long memoryBytes() {
    return 8L * front.length + 8L * back.length + 8L * ids.length + 4L * death.length;
  }

  /**
   * Streams the slots [from, to): four popcounts per code, which HotSpot compiles to POPCNT on
   * x86-64. The work per entry has no branch except the rare hit.
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
    long[] front = this.front;
    long[] back = this.back;
    for (int slot = from, h = from << 1; slot < to; slot++, h += 2) {
      int distance =
          Long.bitCount(front[h] ^ q0)
              + Long.bitCount(front[h + 1] ^ q1)
              + Long.bitCount(back[h] ^ q2)
              + Long.bitCount(back[h + 1] ^ q3);
      if (distance <= maxDistance && alive(slot, version)) {
        hits.accept(ids[slot], distance);
      }
    }
  }
}
