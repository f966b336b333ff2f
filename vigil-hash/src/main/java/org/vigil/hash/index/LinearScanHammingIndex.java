package org.vigil.hash.index;

import java.util.Arrays;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.vigil.hash.PdqHash;

/**
 * The reference answer: compares the query with every entry. Codes live in one flat {@code long[]}
 * (four words per entry) so the scan streams through memory; removal swaps the last entry into the
 * hole. Used for tiny banks and as the oracle that faster indexes are tested against.
 */
public final class LinearScanHammingIndex implements HammingIndex {

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private long[] ids = new long[16];
  private long[] codes = new long[64];
  private int size;

  @Override
  public void add(long id, PdqHash code) {
    lock.writeLock().lock();
    try {
      int at = indexOf(id);
      if (at < 0) {
        at = size++;
        if (at == ids.length) {
          ids = Arrays.copyOf(ids, at * 2);
          codes = Arrays.copyOf(codes, at * 8);
        }
        ids[at] = id;
      }
      codes[4 * at] = code.w0();
      codes[4 * at + 1] = code.w1();
      codes[4 * at + 2] = code.w2();
      codes[4 * at + 3] = code.w3();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean remove(long id) {
    lock.writeLock().lock();
    try {
      int at = indexOf(id);
      if (at < 0) {
        return false;
      }
      int last = --size;
      ids[at] = ids[last];
      System.arraycopy(codes, 4 * last, codes, 4 * at, 4);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  private int indexOf(long id) {
    for (int i = 0; i < size; i++) {
      if (ids[i] == id) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void search(PdqHash query, int maxDistance, HitConsumer hits) {
    long q0 = query.w0();
    long q1 = query.w1();
    long q2 = query.w2();
    long q3 = query.w3();
    lock.readLock().lock();
    try {
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
