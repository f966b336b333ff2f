package org.vigil.hash.index;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.vigil.hash.PdqHash;

/**
 * The reference answer: compares the query with every entry. Codes live in one flat {@code long[]}
 * (four words per entry) so the scan streams through memory; removal swaps the last entry into the
 * hole. An {@link IdSlotMap} finds an id's slot without a scan. Used for tiny banks, as the oracle
 * that faster indexes are tested against, and as the baseline of {@code vigil bench match}.
 */
public final class LinearScanHammingIndex implements HammingIndex {

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final IdSlotMap slots = new IdSlotMap();
  private long[] ids = new long[16];
  private long[] codes = new long[64];
  private int size;

  @Override
  public void add(long id, PdqHash code) {
    Objects.requireNonNull(code, "code");
    lock.writeLock().lock();
    try {
      addLocked(id, code.w0(), code.w1(), code.w2(), code.w3());
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Adds {@code count} entries: {@code ids[i]} with words {@code codes[4i..4i+3]}. */
  @Override
  public void addAll(long[] ids, long[] codes, int count) {
    if (count < 0 || count > ids.length || 4L * count > codes.length) {
      throw new IllegalArgumentException("count " + count + " does not fit the arrays");
    }
    lock.writeLock().lock();
    try {
      grow(size + count);
      slots.reserve(size + count, this.ids);
      for (int i = 0; i < count; i++) {
        addLocked(ids[i], codes[4 * i], codes[4 * i + 1], codes[4 * i + 2], codes[4 * i + 3]);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void grow(int needed) {
    if (needed > ids.length) {
      int capacity = Math.max(needed, ids.length * 2);
      ids = Arrays.copyOf(ids, capacity);
      codes = Arrays.copyOf(codes, 4 * capacity);
    }
  }

  private void addLocked(long id, long w0, long w1, long w2, long w3) {
    int at = slots.get(id, ids);
    if (at < 0) {
      grow(size + 1);
      at = size++;
      ids[at] = id;
      slots.put(at, ids);
    }
    codes[4 * at] = w0;
    codes[4 * at + 1] = w1;
    codes[4 * at + 2] = w2;
    codes[4 * at + 3] = w3;
  }

  @Override
  public boolean remove(long id) {
    lock.writeLock().lock();
    try {
      int at = slots.remove(id, ids);
      if (at < 0) {
        return false;
      }
      int last = --size;
      if (at != last) {
        slots.remove(ids[last], ids);
        ids[at] = ids[last];
        System.arraycopy(codes, 4 * last, codes, 4 * at, 4);
        slots.put(at, ids);
      }
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void search(PdqHash query, int maxDistance, HitConsumer hits) {
    search(query.w0(), query.w1(), query.w2(), query.w3(), maxDistance, hits);
  }

  /** {@link #search(PdqHash, int, HitConsumer)} on the code's words w0..w3. */
  public void search(long q0, long q1, long q2, long q3, int maxDistance, HitConsumer hits) {
    lock.readLock().lock();
    try {
      long[] codes = this.codes;
      for (int i = 0, c = 0; i < size; i++, c += 4) {
        int distance =
            Long.bitCount(codes[c] ^ q0)
                + Long.bitCount(codes[c + 1] ^ q1)
                + Long.bitCount(codes[c + 2] ^ q2)
                + Long.bitCount(codes[c + 3] ^ q3);
        if (distance <= maxDistance) {
          hits.accept(ids[i], distance);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Under the read lock: writers wait until the visit ends (this index serves small banks). */
  @Override
  public void forEachEntry(EntryVisitor visitor) {
    lock.readLock().lock();
    try {
      for (int i = 0, c = 0; i < size; i++, c += 4) {
        visitor.accept(ids[i], codes[c], codes[c + 1], codes[c + 2], codes[c + 3]);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Entries entries() {
    lock.readLock().lock();
    try {
      return new Entries(Arrays.copyOf(ids, size), Arrays.copyOf(codes, 4 * size), size);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public long memoryBytes() {
    lock.readLock().lock();
    try {
      return 8L * ids.length + 8L * codes.length + slots.memoryBytes();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }
}
