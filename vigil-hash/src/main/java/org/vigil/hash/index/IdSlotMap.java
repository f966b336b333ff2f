package org.vigil.hash.index;

/**
 * Maps an entry id to its slot, for the writer only (readers never need it). Open addressing with
 * linear probing over an {@code int[]} of slot + 1 (0 = empty); the id itself is read from the
 * entry store's {@code ids} array, so the map costs 4–8 bytes per entry instead of the ~60 of a
 * {@code HashMap<Long, Integer>} entry. Deletion shifts later entries back (no tombstones).
 */
final class IdSlotMap {

  private int[] table = new int[16];
  private int size;

  private static int hash(long id) {
    long h = id * 0x9E37_79B9_7F4A_7C15L;
    return (int) (h ^ (h >>> 29));
  }

  /** The slot of {@code id}, or −1. */
  int get(long id, long[] ids) {
    int mask = table.length - 1;
    for (int i = hash(id) & mask; ; i = (i + 1) & mask) {
      int value = table[i];
      if (value == 0) {
        return -1;
      }
      if (ids[value - 1] == id) {
        return value - 1;
      }
    }
  }

  /** Maps {@code ids[slot]} to {@code slot}; returns the slot it replaced, or −1. */
  int put(int slot, long[] ids) {
    if ((size + 1) * 4L > table.length * 3L) {
      rehash(table.length * 2, ids);
    }
    long id = ids[slot];
    int mask = table.length - 1;
    for (int i = hash(id) & mask; ; i = (i + 1) & mask) {
      int value = table[i];
      if (value == 0) {
        table[i] = slot + 1;
        size++;
        return -1;
      }
      if (ids[value - 1] == id) {
        table[i] = slot + 1;
        return value - 1;
      }
    }
  }

  /** Forgets {@code id}; returns its slot, or −1. */
  int remove(long id, long[] ids) {
    int mask = table.length - 1;
    int i = hash(id) & mask;
    while (true) {
      int value = table[i];
      if (value == 0) {
        return -1;
      }
      if (ids[value - 1] == id) {
        break;
      }
      i = (i + 1) & mask;
    }
    int removed = table[i] - 1;
    // Backward-shift deletion keeps every remaining entry reachable from its home position.
    int hole = i;
    for (int j = (hole + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
      int home = hash(ids[table[j] - 1]) & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        table[hole] = table[j];
        hole = j;
      }
    }
    table[hole] = 0;
    size--;
    return removed;
  }

  int size() {
    return size;
  }

  /** Sizes the table for {@code expected} entries up front (bulk loads). */
  void reserve(int expected, long[] ids) {
    long needed = expected * 4L / 3 + 1;
    if (needed > table.length) {
      rehash(Integer.highestOneBit((int) Math.min(needed, 1 << 30)) << 1, ids);
    }
  }

  private void rehash(int capacity, long[] ids) {
    int[] old = table;
    table = new int[capacity];
    int mask = capacity - 1;
    for (int value : old) {
      if (value != 0) {
        int i = hash(ids[value - 1]) & mask;
        while (table[i] != 0) {
          i = (i + 1) & mask;
        }
        table[i] = value;
      }
    }
  }

  long memoryBytes() {
    return 4L * table.length;
  }
}
