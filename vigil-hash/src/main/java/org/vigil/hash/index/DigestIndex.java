package org.vigil.hash.index;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;

/**
 * Exact lookup of cryptographic digests (MD5, SHA-256) by their lowercase hex form. Several ids may
 * share a digest (the same file listed in two sources).
 */
public final class DigestIndex {

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, long[]> idsByDigest = new HashMap<>();
  private final Map<Long, String> digestById = new HashMap<>();

  public void add(long id, String hexDigest) {
    String key = hexDigest.toLowerCase(Locale.ROOT);
    lock.writeLock().lock();
    try {
      removeLocked(id);
      long[] ids = idsByDigest.get(key);
      long[] grown;
      if (ids == null) {
        grown = new long[] {id};
      } else {
        grown = java.util.Arrays.copyOf(ids, ids.length + 1);
        grown[ids.length] = id;
      }
      idsByDigest.put(key, grown);
      digestById.put(id, key);
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

  private boolean removeLocked(long id) {
    String key = digestById.remove(id);
    if (key == null) {
      return false;
    }
    long[] ids = idsByDigest.get(key);
    if (ids.length == 1) {
      idsByDigest.remove(key);
    } else {
      long[] shrunk = new long[ids.length - 1];
      for (int i = 0, j = 0; i < ids.length; i++) {
        if (ids[i] != id) {
          shrunk[j++] = ids[i];
        }
      }
      idsByDigest.put(key, shrunk);
    }
    return true;
  }

  /** Calls {@code hits} with every id whose digest equals {@code hexDigest}. */
  public void lookup(String hexDigest, LongConsumer hits) {
    String key = hexDigest.toLowerCase(Locale.ROOT);
    lock.readLock().lock();
    try {
      long[] ids = idsByDigest.get(key);
      if (ids != null) {
        for (long id : ids) {
          hits.accept(id);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  public int size() {
    lock.readLock().lock();
    try {
      return digestById.size();
    } finally {
      lock.readLock().unlock();
    }
  }
}
