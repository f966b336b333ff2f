package org.vigil.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which (tenant, account id) pairs may be registered: a Bloom filter that grows by adding layers
 * twice the size of the last (a scalable Bloom filter). {@link #mightContain} is never false for a
 * pair that was {@link #add}ed (no false negatives, whatever the threads); it is true for about 1 %
 * of pairs never added, and then the caller just reads the database as it would without the filter.
 *
 * <p>About 1.2 bytes per id. Past {@link #MAX_IDS} ids the filter stops growing and answers true
 * for everything (saturated), which is always correct.
 */
final class RegisteredIdFilter {

  /** Ids the first layer holds at ~1 % false positives; each later layer holds twice as many. */
  static final int FIRST_LAYER_IDS = 1 << 20;

  /** Beyond this many ids (~40 MB of layers) the filter answers "maybe" for every id. */
  static final long MAX_IDS = 32L << 20;

  private static final int BITS_PER_ID = 10;
  private static final int HASHES = 7;

  private static final class Layer {
    final AtomicLongArray words;
    final long bits;
    final long capacity;
    final AtomicLong added = new AtomicLong();

    Layer(long capacity) {
      this.capacity = capacity;
      this.bits = capacity * BITS_PER_ID;
      this.words = new AtomicLongArray((int) ((bits + 63) / 64));
    }

    boolean mightContain(long h1, long h2) {
      for (int i = 0; i < HASHES; i++) {
        long bit = Long.remainderUnsigned(h1 + i * h2, bits);
        if ((words.get((int) (bit >>> 6)) & (1L << bit)) == 0) {
          return false;
        }
      }
      return true;
    }

    void add(long h1, long h2) {
      for (int i = 0; i < HASHES; i++) {
        long bit = Long.remainderUnsigned(h1 + i * h2, bits);
        long mask = 1L << bit;
        int word = (int) (bit >>> 6);
        long old = words.get(word);
        while ((old & mask) == 0 && !words.weakCompareAndSetVolatile(word, old, old | mask)) {
          old = words.get(word);
        }
      }
    }
  }

  private volatile Layer[] layers = {new Layer(FIRST_LAYER_IDS)};
  private volatile boolean saturated;

  /** Whether {@code id} of {@code tenant} may have been added; false means it never was. */
  boolean mightContain(String tenant, String id) {
    if (saturated) {
      return true;
    }
    long h1 = hash(tenant, id);
    long h2 = mix(h1 ^ 0x9E3779B97F4A7C15L) | 1;
    for (Layer layer : layers) {
      if (layer.mightContain(h1, h2)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds {@code id} of {@code tenant}; once added, {@link #mightContain} is true for it forever.
   */
  void add(String tenant, String id) {
    if (saturated) {
      return;
    }
    long h1 = hash(tenant, id);
    long h2 = mix(h1 ^ 0x9E3779B97F4A7C15L) | 1;
    Layer[] now = layers;
    for (Layer layer : now) {
      if (layer.mightContain(h1, h2)) {
        return; // already there (or a false positive, which answers the same way)
      }
    }
    Layer last = now[now.length - 1];
    if (last.added.incrementAndGet() > last.capacity) {
      last = grow(now);
      if (last == null) {
        return; // saturated: everything is "maybe" now
      }
      last.added.incrementAndGet();
    }
    last.add(h1, h2);
  }

  private synchronized Layer grow(Layer[] seen) {
    Layer[] now = layers;
    if (now != seen) {
      return now[now.length - 1];
    }
    long total = 0;
    for (Layer layer : now) {
      total += layer.capacity;
    }
    long next = now[now.length - 1].capacity * 2;
    if (total + next > MAX_IDS) {
      saturated = true;
      return null;
    }
    Layer[] grown = java.util.Arrays.copyOf(now, now.length + 1);
    grown[now.length] = new Layer(next);
    layers = grown;
    return grown[now.length];
  }

  /** 64-bit FNV-1a over the tenant, a separator and the id's chars, then a finaliser. */
  private static long hash(String tenant, String id) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < tenant.length(); i++) {
      h = (h ^ tenant.charAt(i)) * 0x100000001b3L;
    }
    h = (h ^ 0xFFFF) * 0x100000001b3L;
    for (int i = 0; i < id.length(); i++) {
      h = (h ^ id.charAt(i)) * 0x100000001b3L;
    }
    return mix(h);
  }

  /** The SplitMix64 finaliser: every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
