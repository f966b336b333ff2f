package org.vigil.bench.index;

import java.util.SplittableRandom;
import org.vigil.hash.index.*;

/**
 * Synthetic 256-bit codes for benchmarks (never real hash lists): uniform random codes, or clusters
 * of near-duplicates the way real hash lists hold many edits of one image.
 *
 * <p>Codes are written as w0..w3 per entry into a flat {@code long[]}.
 */
public final class SyntheticPdqCodes {

  private SyntheticPdqCodes() {}

  /** Codes whose 256 bits are independent fair coin flips. */
  public static long[] uniform(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] codes = new long[4 * count];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = random.nextLong();
    }
    return codes;
  }

  /**
   * Codes in clusters of about {@code clusterSize}: each is a random centre with 0–24 random bits
   * flipped, so members of one cluster lie within ~48 bits of each other and many within 31.
   */
  public static long[] clustered(int count, int clusterSize, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] codes = new long[4 * count];
    long c0 = 0;
    long c1 = 0;
    long c2 = 0;
    long c3 = 0;
    for (int i = 0; i < count; i++) {
      if (i % clusterSize == 0) {
        c0 = random.nextLong();
        c1 = random.nextLong();
        c2 = random.nextLong();
        c3 = random.nextLong();
      }
      codes[4 * i] = c0;
      codes[4 * i + 1] = c1;
      codes[4 * i + 2] = c2;
      codes[4 * i + 3] = c3;
      flip(codes, 4 * i, random.nextInt(25), random);
    }
    return codes;
  }

  /**
   * Queries: every other one is an indexed code with 0–{@code maxFlips} bits flipped (so it has
   * hits), the rest uniform random (almost never a hit, the common case for uploads).
   */
  public static long[] queries(
      long[] indexed, int indexedCount, int count, int maxFlips, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] queries = new long[4 * count];
    for (int q = 0; q < count; q++) {
      if (q % 2 == 0 && indexedCount > 0) {
        int from = 4 * random.nextInt(indexedCount);
        System.arraycopy(indexed, from, queries, 4 * q, 4);
        flip(queries, 4 * q, random.nextInt(maxFlips + 1), random);
      } else {
        for (int w = 0; w < 4; w++) {
          queries[4 * q + w] = random.nextLong();
        }
      }
    }
    return queries;
  }

  private static void flip(long[] codes, int at, int bits, SplittableRandom random) {
    for (int i = 0; i < bits; i++) {
      int bit = random.nextInt(256);
      codes[at + (bit >>> 6)] ^= 1L << (bit & 63);
    }
  }
}
