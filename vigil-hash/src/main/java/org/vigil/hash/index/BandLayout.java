package org.vigil.hash.index;

/**
 * How a multi-index segment cuts a 256-bit code into bands (substrings) and how far it searches
 * around each band.
 *
 * <p>Bands are contiguous bit ranges, narrow ones first: with m bands the first {@code m - 256 % m}
 * are {@code 256 / m} bits wide and the rest one bit wider. A query at threshold T = m·r + a (0 ≤ a
 * < m) searches the first a + 1 bands within radius r and the others within r − 1 (none when r =
 * 0): if every band were farther, the total distance would be at least (a + 1)(r + 1) + (m − a −
 * 1)·r = T + 1, so any code within T shares a close band (Norouzi, Punjani and Fleet, "Fast Search
 * in Hamming Space with Multi-Index Hashing", CVPR 2012, and its refined pigeonhole argument). The
 * wider bands get the smaller radius, which saves the most probes.
 */
final class BandLayout {

  /** Widest band: its bucket directory (2^w / 8 longs) stays at or under 64 MB. */
  static final int MAX_WIDTH = 26;

  static final int MAX_BANDS = 32;

  private final int bands;
  private final int[] starts;
  private final int[] widths;

  private BandLayout(int bands) {
    this.bands = bands;
    this.starts = new int[bands];
    this.widths = new int[bands];
    int narrow = 256 / bands;
    int wide = bands - 256 % bands;
    int at = 0;
    for (int b = 0; b < bands; b++) {
      widths[b] = b < wide ? narrow : narrow + 1;
      starts[b] = at;
      at += widths[b];
    }
  }

  static BandLayout ofBands(int bands) {
    if (bands < (256 + MAX_WIDTH - 1) / MAX_WIDTH || bands > MAX_BANDS) {
      throw new IllegalArgumentException("bands must be 10–32, got " + bands);
    }
    return new BandLayout(bands);
  }

  /**
   * The layout the literature suggests for {@code entries} codes (about 256 / log2(entries) bands,
   * so each band's bucket holds about one code), refined by an estimate of the random reads a query
   * at {@code expectedThreshold} costs: probes (directory + postings) plus candidates.
   */
  static BandLayout choose(int entries, int expectedThreshold) {
    double log2 = Math.log(Math.max(entries, 2)) / Math.log(2);
    int guess = (int) Math.round(256 / log2);
    int min = (256 + MAX_WIDTH - 1) / MAX_WIDTH;
    // When every candidate is unusable at this threshold (its balls are too large to enumerate),
    // keep the literature's layout: queries at lower thresholds still use it, higher ones scan.
    BandLayout best = new BandLayout(Math.min(MAX_BANDS, Math.max(min, guess)));
    double bestCost = best.estimatedReads(entries, expectedThreshold);
    int from = Math.min(MAX_BANDS, Math.max(min, guess - 1));
    int to = Math.min(MAX_BANDS, Math.max(min, guess + 1));
    for (int m = from; m <= to; m++) {
      BandLayout layout = new BandLayout(m);
      double cost = layout.estimatedReads(entries, expectedThreshold);
      if (cost < bestCost) {
        bestCost = cost;
        best = layout;
      }
    }
    return best;
  }

  /** Expected random reads for one query on uniform codes; infinite when unusable. */
  double estimatedReads(int entries, int threshold) {
    double reads = 0;
    for (int b = 0; b < bands; b++) {
      int r = radius(b, threshold);
      if (r < 0) {
        continue;
      }
      long probes = FlipMasks.count(widths[b], r);
      if (r > FlipMasks.MAX_RADIUS || probes > FlipMasks.MAX_MASKS) {
        return Double.POSITIVE_INFINITY;
      }
      reads += probes * (2.0 + entries / (double) (1L << widths[b]));
    }
    return reads;
  }

  int bands() {
    return bands;
  }

  int width(int band) {
    return widths[band];
  }

  /** Search radius of {@code band} for a query at {@code threshold}; −1 means skip the band. */
  int radius(int band, int threshold) {
    int r = threshold / bands;
    int a = threshold % bands;
    return band <= a ? r : r - 1;
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
