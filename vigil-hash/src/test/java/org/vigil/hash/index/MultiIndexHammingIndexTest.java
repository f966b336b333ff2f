package org.vigil.hash.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.hash.PdqHash;

class MultiIndexHammingIndexTest {

  private static final PdqHash ZERO = new PdqHash(0, 0, 0, 0);

  private static List<Long> ids(HammingIndex index, PdqHash query, int threshold) {
    List<Long> found = new ArrayList<>();
    index.search(query, threshold, (id, distance) -> found.add(id));
    return found;
  }

  @Test
  void add_sameIdTwice_replacesTheCode() {
    MultiIndexHammingIndex index = new MultiIndexHammingIndex(31, 2);
    index.add(7, ZERO);
    index.add(8, new PdqHash(-1, -1, -1, -1));
    index.add(7, new PdqHash(-1, -1, -1, 0));

    assertThat(index.size()).isEqualTo(2);
    assertThat(ids(index, ZERO, 10)).isEmpty();
    assertThat(ids(index, new PdqHash(-1, -1, -1, -1), 64)).containsExactlyInAnyOrder(7L, 8L);
  }

  @Test
  void remove_unknownId_returnsFalse() {
    MultiIndexHammingIndex index = new MultiIndexHammingIndex();
    index.add(1, ZERO);

    assertThat(index.remove(2)).isFalse();
    assertThat(index.remove(1)).isTrue();
    assertThat(index.remove(1)).isFalse();
    assertThat(ids(index, ZERO, 256)).isEmpty();
  }

  @Test
  void remove_mostEntries_compactsAndKeepsTheRest() {
    MultiIndexHammingIndex index = new MultiIndexHammingIndex(31, 8);
    for (int i = 0; i < 1000; i++) {
      index.add(i, new PdqHash(i, 0, 0, 0));
    }
    for (int i = 0; i < 1000; i += 3) {
      index.remove(i);
    }
    for (int i = 1; i < 1000; i += 3) {
      index.remove(i);
    }

    assertThat(index.size()).isEqualTo(333);
    assertThat(index.describe()).startsWith("333 live of ").doesNotContain("of 1000 slots");
    assertThat(ids(index, new PdqHash(2, 0, 0, 0), 0)).containsExactly(2L);
    assertThat(ids(index, new PdqHash(3, 0, 0, 0), 0)).isEmpty();
  }

  @Test
  void search_thresholdOutOfRange_throws() {
    MultiIndexHammingIndex index = new MultiIndexHammingIndex();

    assertThatThrownBy(() -> index.search(ZERO, 257, (id, distance) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDistance");
    assertThatThrownBy(() -> index.search(ZERO, -1, (id, distance) -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addAll_countBeyondArrays_throws() {
    MultiIndexHammingIndex index = new MultiIndexHammingIndex();

    assertThatThrownBy(() -> index.addAll(new long[2], new long[4], 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not fit");
  }

  @Test
  void search_fullThreshold_returnsEveryEntryOnce() {
    MultiIndexHammingIndex index = new MultiIndexHammingIndex(31, 16);
    for (int i = 0; i < 500; i++) {
      index.add(i, new PdqHash(i * 31L, ~i, i << 7, -i));
    }

    assertThat(ids(index, ZERO, 256)).hasSize(500).doesNotHaveDuplicates();
  }

  @Test
  void search_indexTunedForAHugeThreshold_stillExactAtEveryThreshold() {
    MultiIndexHammingIndex index = new MultiIndexHammingIndex(256, 1000);
    LinearScanHammingIndex oracle = new LinearScanHammingIndex();
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 2000; i++) {
      PdqHash code = MultiIndexHammingIndexProperties.randomCode(random);
      index.add(i, code);
      oracle.add(i, code);
    }
    PdqHash query = MultiIndexHammingIndexProperties.randomCode(random);

    assertThat(index.describe()).contains("segment");
    for (int threshold : new int[] {0, 31, 110, 128, 200, 256}) {
      assertThat(MultiIndexHammingIndexProperties.hits(index, query, threshold))
          .isEqualTo(MultiIndexHammingIndexProperties.hits(oracle, query, threshold));
    }
  }

  @Test
  void chooseLayout_tenMillion_usesElevenBandsWithOneNarrowRadiusOneBand() {
    BandLayout layout = BandLayout.choose(10_000_000, 31);

    assertThat(layout.bands()).isEqualTo(11);
    assertThat(layout.width(0)).isEqualTo(19);
    for (int b = 1; b < 11; b++) {
      assertThat(layout.width(b)).isBetween(23, 24);
    }
    int[] radii = layout.radii(31);
    assertThat(radii[0]).isEqualTo(1);
    assertThat(java.util.Arrays.copyOfRange(radii, 1, 11)).containsOnly(2);
  }

  @Test
  void chooseLayout_tenMillion_expectsFewerReadsThanEqualBands() {
    BandLayout chosen = BandLayout.choose(10_000_000, 31);
    BandLayout equal = BandLayout.ofBands(10_000_000, 11);

    assertThat(chosen.estimatedReads(31)).isLessThan(0.97 * equal.estimatedReads(31));
    assertThat(chosen.directoryBytes()).isLessThan(16L * 10_000_000);
  }

  @Test
  void radii_thresholdTooHighToEnumerate_areNull() {
    BandLayout layout = BandLayout.ofBands(10_000_000, 11);

    assertThat(layout.radii(250)).isNull();
    assertThat(layout.estimatedReads(250)).isInfinite();
  }

  @Test
  void flipMasks_radiusTwoOf23Bits_lists277DistinctMasks() {
    int[] masks = FlipMasks.of(23, 2);

    assertThat(masks).hasSize(277).doesNotHaveDuplicates();
    assertThat(java.util.Arrays.stream(masks))
        .allMatch(mask -> Integer.bitCount(mask) <= 2 && mask >>> 23 == 0);
  }
}
