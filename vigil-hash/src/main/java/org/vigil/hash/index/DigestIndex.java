package org.vigil.hash.index;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;

/**
 * Exact lookup of cryptographic digests (MD5, SHA-1, SHA-256: any 1–32 bytes) by their hex form,
 * either case. Several ids may share a digest (the same file listed in two sources).
 *
 * <p>Layout: entries in slots, with the digest's bytes packed big-endian into four longs of {@code
 * words} (zero-padded) and its byte length in {@code lengths}; ids in {@code ids}. A linear-probing
 * table of slot + 1 (0 = empty) keyed by the digest holds every slot, duplicates included: a lookup
 * walks its run until an empty cell and reports every equal digest. Removal moves the last slot
 * into the hole and shifts the table back (no tombstones). About 55 bytes per entry, against ~250
 * for maps of strings and boxed longs. Readers share a read lock; a lookup allocates nothing.
 */
public final class DigestIndex {

  private static final int MAX_BYTES = 32;

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final IdSlotMap slotsById = new IdSlotMap();
  private long[] words = new long[64];
  private long[] ids = new long[16];
  private byte[] lengths = new byte[16];
  private int[] table = new int[32];
  private int size;

  /**
   * Adds (or moves) the entry {@code id} with this digest.
   *
   * @throws IllegalArgumentException when the digest is not 2–64 hex characters of even length
   */
  public void add(long id, String hexDigest) {
    long[] key = new long[4];
    int length = parse(hexDigest, key);
    if (length < 0) {
      throw new IllegalArgumentException(
          "digest must be 2–64 hex characters (an even number), got "
              + (hexDigest == null ? "nothing" : "'" + hexDigest + "'"));
    }
    lock.writeLock().lock();
    try {
      removeLocked(id);
      if (size == ids.length) {
        int capacity = size * 2;
        ids = Arrays.copyOf(ids, capacity);
        lengths = Arrays.copyOf(lengths, capacity);
        words = Arrays.copyOf(words, 4 * capacity);
      }
      if ((size + 1) * 4L > table.length * 3L) {
        rehash(table.length * 2);
      }
      int slot = size++;
      ids[slot] = id;
      lengths[slot] = (byte) length;
      System.arraycopy(key, 0, words, 4 * slot, 4);
      slotsById.put(slot, ids);
      insert(slot);
    } finally {
      lock.writeLock().unlock();
    }
  }

  public boolean remove(long id) {
    lock.writeLock().lock();
    try {
      return removeLocked(id);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Calls {@code hits} with every id whose digest equals {@code hexDigest} (none if not hex). */
  public void lookup(String hexDigest, LongConsumer hits) {
    Objects.requireNonNull(hits, "hits");
    if (hexDigest == null) {
      return;
    }
    long k0 = 0;
    long k1 = 0;
    long k2 = 0;
    long k3 = 0;
    int length = hexDigest.length() / 2;
    if (hexDigest.length() % 2 != 0 || length < 1 || length > MAX_BYTES) {
      return;
    }
    for (int i = 0; i < hexDigest.length(); i++) {
      int digit = Character.digit(hexDigest.charAt(i), 16);
      if (digit < 0) {
        return;
      }
      int word = i >>> 4;
      long bits = (long) digit << (60 - 4 * (i & 15));
      switch (word) {
        case 0 -> k0 |= bits;
        case 1 -> k1 |= bits;
        case 2 -> k2 |= bits;
        default -> k3 |= bits;
      }
    }
    lock.readLock().lock();
    try {
      int mask = table.length - 1;
      for (int i = hash(k0, k1, k2, k3, length) & mask; table[i] != 0; i = (i + 1) & mask) {
        int slot = table[i] - 1;
        int w = 4 * slot;
        if (words[w] == k0
            && words[w + 1] == k1
            && words[w + 2] == k2
            && words[w + 3] == k3
            && lengths[slot] == length) {
          hits.accept(ids[slot]);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Receives one entry of {@link #forEach}. */
  @FunctionalInterface
  public interface EntryConsumer {
    void accept(long id, String lowercaseHex);
  }

  /**
   * Calls {@code sink} with every entry (id and digest in lowercase hex) under the read lock:
   * lookups go on, writers wait until it returns (an index snapshot reads the entries this way).
   */
  public void forEach(EntryConsumer sink) {
    Objects.requireNonNull(sink, "sink");
    lock.readLock().lock();
    try {
      char[] hex = new char[2 * MAX_BYTES];
      for (int slot = 0; slot < size; slot++) {
        int length = lengths[slot];
        for (int i = 0; i < 2 * length; i++) {
          int digit = (int) (words[4 * slot + (i >>> 4)] >>> (60 - 4 * (i & 15))) & 0xF;
          hex[i] = Character.forDigit(digit, 16);
        }
        sink.accept(ids[slot], new String(hex, 0, 2 * length));
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Bytes held by the index's arrays (capacity, not only live entries). */
  public long memoryBytes() {
    lock.readLock().lock();
    try {
      return 8L * words.length
          + 8L * ids.length
          + lengths.length
          + 4L * table.length
          + slotsById.memoryBytes();
    } finally {
      lock.readLock().unlock();
    }
  }

  public int size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Packs hex into {@code key}; returns the byte length, or −1 when it is not a digest. */
  private static int parse(String hex, long[] key) {
    if (hex == null || hex.length() % 2 != 0 || hex.length() < 2 || hex.length() > 2 * MAX_BYTES) {
      return -1;
    }
    for (int i = 0; i < hex.length(); i++) {
      int digit = Character.digit(hex.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      key[i >>> 4] |= (long) digit << (60 - 4 * (i & 15));
    }
    return hex.length() / 2;
  }

  private static int hash(long k0, long k1, long k2, long k3, int length) {
    long h = (k0 * 0x9E37_79B9_7F4A_7C15L) ^ (k1 * 0xC2B2_AE3D_27D4_EB4FL);
    h ^= (k2 * 0x1656_67B1_9E37_79F9L) ^ (k3 * 0x85EB_CA77_C2B2_AE63L) ^ length;
    return (int) (h ^ (h >>> 31));
  }

  private int hashOf(int slot) {
    int w = 4 * slot;
    return hash(words[w], words[w + 1], words[w + 2], words[w + 3], lengths[slot]);
  }

  private void insert(int slot) {
    int mask = table.length - 1;
    int i = hashOf(slot) & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = slot + 1;
  }

  private void rehash(int capacity) {
    table = new int[capacity];
    for (int slot = 0; slot < size; slot++) {
      insert(slot);
    }
  }

  private boolean removeLocked(long id) {
    int slot = slotsById.remove(id, ids);
    if (slot < 0) {
      return false;
    }
    deleteCell(cellOf(slot));
    int last = size - 1;
    if (slot != last) {
      // Move the last slot into the hole and repoint its cell and its id.
      int cell = cellOf(last);
      slotsById.remove(ids[last], ids);
      ids[slot] = ids[last];
      lengths[slot] = lengths[last];
      System.arraycopy(words, 4 * last, words, 4 * slot, 4);
      table[cell] = slot + 1;
      slotsById.put(slot, ids);
    }
    size--;
    return true;
  }

  private int cellOf(int slot) {
    int mask = table.length - 1;
    int i = hashOf(slot) & mask;
    while (table[i] != slot + 1) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void deleteCell(int hole) {
    int mask = table.length - 1;
    for (int j = (hole + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
      int home = hashOf(table[j] - 1) & mask;
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        table[hole] = table[j];
        hole = j;
      }
    }
    table[hole] = 0;
  }
}
