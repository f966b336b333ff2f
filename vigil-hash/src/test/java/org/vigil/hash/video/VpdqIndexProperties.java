package org.vigil.hash.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigil.hash.PdqHash;

/**
 * The index gives exactly the brute-force matcher's percentages and decisions, for both reference
 * rules, on synthetic videos whose frames are near-duplicates of a few shared scenes (so distances
 * straddle 31, duplicates and low-quality frames occur), with replaced and removed videos.
 */
class VpdqIndexProperties {

  @Test
  void search_randomVideos_equalsBruteForceForBothRules() {
    qt().withExamples(60)
        .forAll(longs().all(), integers().between(1, 40))
        .checkAssert(
            (seed, videos) -> {
              check(seed, videos, VpdqMatchOptions.DEFAULT.withThresholds(0, 0));
              check(seed, videos, VpdqMatchOptions.CPP_BRUTE.withThresholds(0, 0));
              check(seed, videos, VpdqMatchOptions.DEFAULT);
              check(seed, videos, VpdqMatchOptions.PYTHON_THREATEXCHANGE);
            });
  }

  /**
   * A bank's own frame distance and percentages, given per search to an index built with the
   * defaults, give exactly what the brute-force matcher gives with those options.
   */
  @Test
  void search_perSearchFrameDistanceAndPercents_equalsBruteForce() {
    qt().withExamples(60)
        .forAll(
            longs().all(), integers().between(1, 30), integers().between(0, 45), integers().all())
        .checkAssert(
            (seed, videos, distance, percents) -> {
              double query = Math.floorMod(percents, 101);
              double target = Math.floorMod(percents >> 8, 101);
              VpdqMatchOptions bank =
                  VpdqMatchOptions.DEFAULT
                      .withFrameDistance(distance)
                      .withThresholds(query / 2, target / 2);
              check(seed, videos, VpdqMatchOptions.DEFAULT, bank);
            });
  }

  private static void check(long seed, int videoCount, VpdqMatchOptions options) {
    check(seed, videoCount, options, options);
  }

  private static void check(
      long seed, int videoCount, VpdqMatchOptions options, VpdqMatchOptions searched) {
    Random random = new Random(seed);
    List<PdqHash> scenes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      scenes.add(
          new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()));
    }
    VpdqIndex index = new VpdqIndex(options);
    Map<Long, VpdqHash> stored = new HashMap<>();
    for (long id = 0; id < videoCount; id++) {
      VpdqHash video = randomVideo(scenes, random);
      index.add(id, video);
      stored.put(id, video);
      if (random.nextInt(5) == 0) { // replace
        VpdqHash other = randomVideo(scenes, random);
        index.add(id, other);
        stored.put(id, other);
      }
      if (random.nextInt(7) == 0) {
        boolean indexed = !VpdqMatcher.keptFrames(stored.get(id), options).isEmpty();
        assertThat(index.remove(id)).isEqualTo(indexed);
        stored.remove(id);
      }
    }
    for (int q = 0; q < 3; q++) {
      VpdqHash query = randomVideo(scenes, random);
      Map<Long, VpdqComparison> found = new HashMap<>();
      for (VpdqIndex.Hit hit :
          searched == options ? index.search(query) : index.search(query, searched)) {
        assertThat(found.put(hit.videoId(), hit.comparison())).isNull();
      }
      for (Map.Entry<Long, VpdqHash> e : stored.entrySet()) {
        VpdqComparison brute = VpdqMatcher.compare(query, e.getValue(), searched);
        if (brute.isMatch(searched)) {
          assertThat(found).containsKey(e.getKey());
          VpdqComparison got = found.get(e.getKey());
          assertThat(got.queryPercent()).isEqualTo(brute.queryPercent());
          assertThat(got.targetPercent()).isEqualTo(brute.targetPercent());
          assertThat(got.queryFrames()).isEqualTo(brute.queryFrames());
          assertThat(got.targetFrames()).isEqualTo(brute.targetFrames());
          assertThat(got.firstMatchTimestamp()).isEqualTo(brute.firstMatchTimestamp());
        } else {
          assertThat(found).doesNotContainKey(e.getKey());
        }
      }
    }
  }

  /**
   * 0–12 frames, each a scene with 0–40 bits flipped, sometimes repeated, sometimes low quality.
   */
  private static VpdqHash randomVideo(List<PdqHash> scenes, Random random) {
    List<VpdqFrame> frames = new ArrayList<>();
    int n = 1 + random.nextInt(12);
    PdqHash previous = null;
    for (int i = 0; i < n; i++) {
      PdqHash hash =
          previous != null && random.nextInt(4) == 0
              ? previous
              : flip(scenes.get(random.nextInt(scenes.size())), random.nextInt(41), random);
      int quality = random.nextInt(6) == 0 ? random.nextInt(50) : 50 + random.nextInt(51);
      frames.add(new VpdqFrame(i, quality, hash, i));
      previous = hash;
    }
    return new VpdqHash(frames);
  }

  private static PdqHash flip(PdqHash code, int bits, Random random) {
    long[] w = {code.w0(), code.w1(), code.w2(), code.w3()};
    for (int i = 0; i < bits; i++) {
      int bit = random.nextInt(256);
      w[bit >>> 6] ^= 1L << (bit & 63);
    }
    return new PdqHash(w[0], w[1], w[2], w[3]);
  }
}
