package org.vigil.hash.index;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How a multi-index segment cuts a 256-bit code into bands (substrings), and how far it searches
 * around each band at a given threshold.
 *
 * <p>Bands are contiguous bit ranges. Searching band b within radius r_b finds every code within T
 * as long as Σ (r_b + 1) ≥ T + 1: a code farther than r_b in every band is at least Σ (r_b + 1) > T
 * away (the pigeonhole argument of Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with
 * Multi-Index Hashing", CVPR 2012). The paper gives every band the same width and the radii ⌊T/m⌋
 * and ⌊T/m⌋ − 1; here each threshold gets the radii that minimise the expected random reads (a
 * small knapsack over the bands, solved once per threshold and cached), and the layout chooser may
 * make one band narrower so that the others can be wider.
 *
 * <p>Why one narrow band: at 10 million codes and T = 31 the paper's layout is 11 bands of 23–24
 * bits, ten searched within radius 2 and one within radius 1. A radius-2 band of 24 bits has twice
 * the buckets of a 23-bit one, so each of its ~300 probes finds half as many candidates; a radius-1
 * band has only ~20 probes, so narrowing it costs little. Moving four bits from the radius-1 band
 * to the radius-2 bands (19 + 3 × 23 + 7 × 24) cuts the expected reads per query by ~5%.
 */
final class BandLayout {

  /** Widest band: its bucket directory (2^w / 8 longs) stays at or under 64 MB. */
  static final int MAX_WIDTH = 26;

  static final int MAX_BANDS = 32;

  /** The chooser keeps the bucket directories under this many bytes per entry (plus 1 MiB). */
  static final int MAX_DIRECTORY_BYTES_PER_ENTRY = 16;

  /** How many bits narrower than the others the chooser tries to make the first band. */
  private static final int MAX_NARROWING = 8;

  /**
   * Segments smaller than this keep equal bands: a query there costs microseconds either way, and a
   * bank grown one entry at a time builds many small segments, so their layout must be cheap.
   */
  private static final int NARROWING_FROM_ENTRIES = 1 << 15;

  private final int entries;
  private final int bands;
  private final int[] starts;
  private final int[] widths;
  private final AtomicReferenceArray<Plan> plans = new AtomicReferenceArray<>(257);

  private BandLayout(int entries, int[] widths) {
    this.entries = entries;
    this.bands = widths.length;
    this.widths = widths.clone();
    this.starts = new int[bands];
    int at = 0;
    for (int b = 0; b < bands; b++) {
      starts[b] = at;
      at += widths[b];
    }
    if (at != 256) {
      throw new IllegalArgumentException("band widths must add up to 256, got " + at);
    }
  }

  /**
   * {@code bands} bands of equal width (the narrower ones first when 256 is not a multiple), for a
   * segment of {@code entries} codes.
   */
  static BandLayout ofBands(int entries, int bands) {
    if (bands < (256 + MAX_WIDTH - 1) / MAX_WIDTH || bands > MAX_BANDS) {
      throw new IllegalArgumentException("bands must be 10–32, got " + bands);
    }
    return new BandLayout(entries, evenWidths(256, bands, 0, new int[bands]));
  }

  /**
   * The layout for {@code entries} codes: about 256 / log2(entries) bands, so that each band's
   * bucket holds about one code (the paper's choice), one band more or fewer, and for each count
   * the first band made 0–8 bits narrower (in segments of 32,768 entries or more); the one with the
   * fewest expected random reads per query at {@code expectedThreshold} wins, among those whose
   * directories stay within budget.
   */
  static BandLayout choose(int entries, int expectedThreshold) {
    double log2 = Math.log(Math.max(entries, 2)) / Math.log(2);
    int guess = (int) Math.round(256 / log2);
    int min = (256 + MAX_WIDTH - 1) / MAX_WIDTH;
    // When every candidate is unusable at this threshold (its balls are too large to enumerate),
    // keep the paper's layout: queries at lower thresholds still use it, higher ones scan.
    BandLayout best = ofBands(entries, Math.min(MAX_BANDS, Math.max(min, guess)));
    double bestCost = best.estimatedReads(expectedThreshold);
    long directoryBudget = (long) MAX_DIRECTORY_BYTES_PER_ENTRY * entries + (1 << 20);
    int from = Math.min(MAX_BANDS, Math.max(min, guess - 1));
    int to = Math.min(MAX_BANDS, Math.max(min, guess + 1));
    for (int m = from; m <= to; m++) {
      int maxNarrowing = entries >= NARROWING_FROM_ENTRIES ? MAX_NARROWING : 0;
      for (int narrowing = 0; narrowing <= maxNarrowing; narrowing++) {
        int[] widths = new int[m];
        widths[0] = 256 / m - narrowing;
        evenWidths(256 - widths[0], m - 1, 1, widths);
        if (widths[0] < 1 || widths[m - 1] > MAX_WIDTH) {
          continue;
        }
        BandLayout layout = new BandLayout(entries, widths);
        double cost = layout.estimatedReads(expectedThreshold);
        if (cost < bestCost && layout.directoryBytes() <= directoryBudget) {
          bestCost = cost;
          best = layout;
        }
      }
    }
    return best;
  }

  /**
   * Fills widths[from..from+count) with {@code bits} shared as evenly as possible, narrow first.
   */
  private static int[] evenWidths(int bits, int count, int from, int[] widths) {
    int narrow = bits / count;
    int wide = count - bits % count;
    for (int b = 0; b < count; b++) {
      widths[from + b] = b < wide ? narrow : narrow + 1;
    }
    return widths;
  }

  /**
   * Expected random reads (directory word, first posting, candidate code) of one query on uniform
   * codes at {@code threshold} with the best radii; infinite when no radii are usable.
   */
  double estimatedReads(int threshold) {
    return plan(threshold).reads;
  }

  /**
   * Radius per band for queries at {@code threshold} (−1: skip the band), with Σ (r_b + 1) ≥
   * threshold + 1 at the fewest expected reads; null when the balls needed are too large to
   * enumerate (the segment is then scanned).
   */
  int[] radii(int threshold) {
    return plan(threshold).radii;
  }

  /** The radii and expected reads for one threshold: computed on first use, then cached. */
  Plan plan(int threshold) {
    Plan plan = plans.get(threshold);
    if (plan == null) {
      plan = solve(threshold);
      plans.compareAndSet(threshold, null, plan);
    }
    return plan;
  }

  /** How a query at one threshold searches this layout. */
  static final class Plan {
    /** Radius per band (−1: skip the band); null when the threshold is too high to enumerate. */
    final int[] radii;

    /** Expected random reads per query; infinite when radii is null. */
    final double reads;

    Plan(int[] radii, double reads) {
      this.radii = radii;
      this.reads = reads;
    }
  }

  /** Expected random reads of searching band b within radius r (0 when r is −1: skipped). */
  private double bandReads(int band, int radius) {
    if (radius < 0) {
      return 0;
    }
    double perBucket = entries / (double) (1L << widths[band]);
    double nonEmpty = -Math.expm1(-perBucket);
    return FlipMasks.count(widths[band], radius) * (1 + nonEmpty + perBucket);
  }

  /**
   * Dynamic programming over the bands: cost[b][s] is the fewest reads for bands 0..b−1 covering s
   * units of Σ (r + 1), capped at threshold + 1.
   */
  private Plan solve(int threshold) {
    int need = threshold + 1;
    // reads[b][r + 1]: the cost of band b at radius r, for every radius whose ball is enumerable.
    double[][] reads = new double[bands][];
    for (int b = 0; b < bands; b++) {
      int maxRadius = -1;
      while (maxRadius < Math.min(FlipMasks.MAX_RADIUS, widths[b])
          && FlipMasks.count(widths[b], maxRadius + 1) <= FlipMasks.MAX_MASKS) {
        maxRadius++;
      }
      reads[b] = new double[maxRadius + 2];
      for (int r = -1; r <= maxRadius; r++) {
        reads[b][r + 1] = bandReads(b, r);
      }
    }
    double[][] cost = new double[bands + 1][need + 1];
    int[][] choice = new int[bands + 1][need + 1];
    Arrays.fill(cost[0], Double.POSITIVE_INFINITY);
    cost[0][0] = 0;
    for (int b = 0; b < bands; b++) {
      Arrays.fill(cost[b + 1], Double.POSITIVE_INFINITY);
      for (int s = 0; s <= need; s++) {
        if (cost[b][s] == Double.POSITIVE_INFINITY) {
          continue;
        }
        for (int r = -1; r < reads[b].length - 1; r++) {
          int covered = Math.min(need, s + r + 1);
          double c = cost[b][s] + reads[b][r + 1];
          if (c < cost[b + 1][covered]) {
            cost[b + 1][covered] = c;
            choice[b + 1][covered] = s * 64 + (r + 1);
          }
        }
      }
    }
    if (cost[bands][need] == Double.POSITIVE_INFINITY) {
      return new Plan(null, Double.POSITIVE_INFINITY);
    }
    int[] radii = new int[bands];
    for (int b = bands, s = need; b > 0; b--) {
      radii[b - 1] = (choice[b][s] & 63) - 1;
      s = choice[b][s] >>> 6;
    }
    return new Plan(radii, cost[bands][need]);
  }

  int bands() {
    return bands;
  }

  int width(int band) {
    return widths[band];
  }

  /** Bytes of the bucket directories: one byte per bucket. */
  long directoryBytes() {
    long bytes = 0;
    for (int w : widths) {
      bytes += Math.max(8, 1L << w);
    }
    return bytes;
  }

  /** The band's bits of a code, as an unsigned integer of {@link #width} bits. */
  int key(int band, long w0, long w1, long w2, long w3) {
    int start = starts[band];
    int width = widths[band];
    int word = start >>> 6;
    int offset = start & 63;
    long value = word(word, w0, w1, w2, w3) >>> offset;
    if (offset + width > 64) {
      value |= word(word + 1, w0, w1, w2, w3) << (64 - offset);
    }
    return (int) (value & ((1L << width) - 1));
  }

  private static long word(int k, long w0, long w1, long w2, long w3) {
    switch (k) {
      case 0:
        return w0;
      case 1:
        return w1;
      case 2:
        return w2;
      default:
        return w3;
    }
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder().append(bands).append(" bands (");
    for (int b = 0; b < bands; b++) {
      text.append(b == 0 ? "" : ",").append(widths[b]);
    }
    return text.append(" bits)").toString();
  }
}
