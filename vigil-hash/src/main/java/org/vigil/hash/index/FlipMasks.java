package org.vigil.hash.index;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every bit mask of at most r set bits over w bits, fewest bits first: XOR-ing a band key with each
 * mask enumerates the key's Hamming ball of radius r. Tables are built once per (w, r) and shared;
 * the common one (23 bits, radius 2) has 277 entries and stays in L1.
 */
final class FlipMasks {

  /** Larger balls are never enumerated: a linear scan is cheaper long before that. */
  static final int MAX_MASKS = 1 << 20;

  static final int MAX_RADIUS = 8;
  private static final AtomicReferenceArray<int[]> TABLES =
      new AtomicReferenceArray<>(33 * (MAX_RADIUS + 1));

  private FlipMasks() {}

  /** Number of masks of at most {@code radius} bits over {@code width} bits. */
  static long count(int width, int radius) {
    long total = 0;
    long choose = 1;
    for (int k = 0; k <= Math.min(radius, width); k++) {
      total += choose;
      choose = choose * (width - k) / (k + 1);
    }
    return total;
  }

  /** The masks; callers check {@link #count} against {@link #MAX_MASKS} first. */
  static int[] of(int width, int radius) {
    if (radius > MAX_RADIUS || count(width, radius) > MAX_MASKS) {
      throw new IllegalArgumentException("ball too large: width " + width + " radius " + radius);
    }
    int slot = width * (MAX_RADIUS + 1) + radius;
    int[] table = TABLES.get(slot);
    if (table == null) {
      table = build(width, radius);
      TABLES.compareAndSet(slot, null, table);
      table = TABLES.get(slot);
    }
    return table;
  }

  private static int[] build(int width, int radius) {
    int[] masks = new int[(int) count(width, radius)];
    int n = 0;
    long limit = 1L << width;
    for (int k = 0; k <= Math.min(radius, width); k++) {
      if (k == 0) {
        masks[n++] = 0;
        continue;
      }
      // Gosper's hack: the next larger integer with the same number of set bits.
      long v = (1L << k) - 1;
      while (v < limit) {
        masks[n++] = (int) v;
        long c = v & -v;
        long r = v + c;
        v = (((r ^ v) >>> 2) / c) | r;
      }
    }
    return masks;
  }
}
