package org.vigil.hash.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vigil.hash.PdqHash;

/**
 * The multi-index returns exactly what the linear-scan oracle returns: on uniform random codes, on
 * clustered codes (near-duplicates, as real hash lists have), at thresholds 0–64, after interleaved
 * adds, replaces and removes, with small tails so that segments, merges and compaction all run.
 */
class MultiIndexHammingIndexProperties {

  static PdqHash randomCode(Random random) {
    return new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
  }

  static PdqHash flipBits(PdqHash code, int bits, Random random) {
    long[] w = {code.w0(), code.w1(), code.w2(), code.w3()};
    for (int i = 0; i < bits; i++) {
      int bit = random.nextInt(256);
      w[bit >>> 6] ^= 1L << (bit & 63);
    }
    return new PdqHash(w[0], w[1], w[2], w[3]);
  }

  /** Codes near a few centres: many within a handful of bits of each other. */
  static PdqHash clusteredCode(List<PdqHash> centres, Random random) {
    PdqHash centre = centres.get(random.nextInt(centres.size()));
    return flipBits(centre, random.nextInt(40), random);
  }

  static Map<Long, Integer> hits(HammingIndex index, PdqHash query, int threshold) {
    Map<Long, Integer> found = new TreeMap<>();
    index.search(
        query,
        threshold,
        (id, distance) -> {
          Integer previous = found.put(id, distance);
          assertThat(previous).as("id %d reported twice", id).isNull();
        });
    return found;
  }

  private static void checkRun(
      long seed, int entries, int tail, boolean clustered, int threshold, boolean removes) {
    Random random = new Random(seed);
    List<PdqHash> centres = new ArrayList<>();
    for (int i = 0; i < 1 + random.nextInt(8); i++) {
      centres.add(randomCode(random));
    }
    MultiIndexHammingIndex index = new MultiIndexHammingIndex(random.nextInt(65), tail);
    LinearScanHammingIndex oracle = new LinearScanHammingIndex();
    for (int step = 0; step < entries; step++) {
      int action = random.nextInt(10);
      long id = random.nextInt(entries);
      if (removes && action < 2) {
        assertThat(index.remove(id)).isEqualTo(oracle.remove(id));
      } else {
        PdqHash code = clustered ? clusteredCode(centres, random) : randomCode(random);
        index.add(id, code);
        oracle.add(id, code);
      }
      if (step % 97 == 0) {
        PdqHash query = clustered ? clusteredCode(centres, random) : randomCode(random);
        assertThat(hits(index, query, threshold)).isEqualTo(hits(oracle, query, threshold));
      }
    }
    assertThat(index.size()).isEqualTo(oracle.size());
    for (int q = 0; q < 30; q++) {
      PdqHash query = clustered ? clusteredCode(centres, random) : randomCode(random);
      if (q % 3 == 0) {
        query = flipBits(query, random.nextInt(threshold + 2), random);
      }
      assertThat(hits(index, query, threshold))
          .as("threshold %d, %s", threshold, index.describe())
          .isEqualTo(hits(oracle, query, threshold));
    }
  }

  @Test
  void search_uniformCodesWithAddsAndRemoves_equalsLinearScan() {
    qt().withExamples(60)
        .forAll(longs().all(), integers().between(0, 64), integers().between(1, 300))
        .checkAssert((seed, threshold, tail) -> checkRun(seed, 2500, tail, false, threshold, true));
  }

  @Test
  void search_clusteredCodesWithAddsAndRemoves_equalsLinearScan() {
    qt().withExamples(60)
        .forAll(longs().all(), integers().between(0, 64), integers().between(1, 300))
        .checkAssert((seed, threshold, tail) -> checkRun(seed, 2500, tail, true, threshold, true));
  }

  @Test
  void search_largeUniformBulkLoad_equalsLinearScan() {
    qt().withExamples(10)
        .forAll(longs().all(), integers().between(0, 64))
        .checkAssert(MultiIndexHammingIndexProperties::checkBulkLoad);
  }

  private static void checkBulkLoad(long seed, int threshold) {
    Random random = new Random(seed);
    int n = 60_000;
    long[] ids = new long[n];
    long[] codes = new long[4 * n];
    LinearScanHammingIndex oracle = new LinearScanHammingIndex();
    for (int i = 0; i < n; i++) {
      PdqHash code = randomCode(random);
      ids[i] = i;
      codes[4 * i] = code.w0();
      codes[4 * i + 1] = code.w1();
      codes[4 * i + 2] = code.w2();
      codes[4 * i + 3] = code.w3();
      oracle.add(i, code);
    }
    MultiIndexHammingIndex index = new MultiIndexHammingIndex();
    index.addAll(ids, codes, n);
    for (int q = 0; q < 20; q++) {
      PdqHash near =
          new PdqHash(codes[4 * q], codes[4 * q + 1], codes[4 * q + 2], codes[4 * q + 3]);
      PdqHash query = flipBits(near, random.nextInt(threshold + 3), random);
      Map<Long, Integer> expected = hits(oracle, query, threshold);
      assertThat(hits(index, query, threshold)).isEqualTo(expected);
    }
  }

  @Test
  void key_anyBandLayout_readsTheBandsBits() {
    qt().withExamples(200)
        .forAll(
            longs().all().zip(longs().all(), longs().all(), longs().all(), PdqHash::new),
            integers().between(10, 32))
        .checkAssert(MultiIndexHammingIndexProperties::checkBandKeys);
  }

  private static void checkBandKeys(PdqHash code, int bands) {
    BandLayout layout = BandLayout.ofBands(1_000_000, bands);
    long w0 = code.w0();
    long w1 = code.w1();
    long w2 = code.w2();
    long w3 = code.w3();
    int bit = 0;
    for (int b = 0; b < bands; b++) {
      int key = layout.key(b, w0, w1, w2, w3);
      for (int i = 0; i < layout.width(b); i++, bit++) {
        assertThat(((key >>> i) & 1) == 1).isEqualTo(code.bit(bit));
      }
    }
    assertThat(bit).isEqualTo(256);
  }

  @Test
  void radii_anySizeAndThreshold_coverThePigeonholeBound() {
    qt().withExamples(300)
        .forAll(integers().between(1, 50_000_000), integers().between(0, 256))
        .checkAssert(MultiIndexHammingIndexProperties::checkRadii);
  }

  private static void checkRadii(int entries, int threshold) {
    BandLayout layout = BandLayout.choose(entries, Math.min(threshold, 64));
    int[] radii = layout.radii(threshold);
    int width = 0;
    for (int b = 0; b < layout.bands(); b++) {
      width += layout.width(b);
    }
    assertThat(width).isEqualTo(256);
    if (radii != null) {
      // A code farther than r_b in every band is at least Σ (r_b + 1) away: that must exceed T.
      int covered = 0;
      for (int b = 0; b < layout.bands(); b++) {
        assertThat(radii[b]).isBetween(-1, Math.min(FlipMasks.MAX_RADIUS, layout.width(b)));
        covered += radii[b] + 1;
      }
      assertThat(covered).isGreaterThanOrEqualTo(threshold + 1);
    } else {
      assertThat(layout.estimatedReads(threshold)).isInfinite();
    }
  }
}
