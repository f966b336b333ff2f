package org.vigil.hash.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vigil.hash.PdqHash;

/**
 * What the indexes report as their memory ({@code vigil_index_memory_bytes}): at least the bytes
 * their entries need, growing with them, and not far above what the class comments claim.
 */
class IndexMemoryTest {

  private static PdqHash random(SplittableRandom random) {
    return new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
  }

  @Test
  void memoryBytes_hammingIndexes_coverTheirEntriesAndGrowWithThem() {
    for (HammingIndex index :
        new HammingIndex[] {new LinearScanHammingIndex(), HammingIndexes.newIndex(31)}) {
      long empty = index.memoryBytes();
      SplittableRandom random = new SplittableRandom(7);
      int n = 50_000;
      for (int i = 0; i < n; i++) {
        index.add(i, random(random));
      }
      long full = index.memoryBytes();
      // 32 bytes of code and 8 of id per entry at the very least; under 400 per entry.
      assertThat(full).as(index.getClass().getSimpleName()).isGreaterThan(empty + 40L * n);
      assertThat(full).as(index.getClass().getSimpleName()).isLessThan(400L * n);
    }
  }

  @Test
  void memoryBytes_digestIndex_coversItsEntriesAndGrowsWithThem() {
    DigestIndex index = new DigestIndex();
    long empty = index.memoryBytes();
    SplittableRandom random = new SplittableRandom(11);
    int n = 20_000;
    byte[] digest = new byte[16];
    for (int i = 0; i < n; i++) {
      for (int b = 0; b < digest.length; b++) {
        digest[b] = (byte) random.nextInt();
      }
      index.add(i, HexFormat.of().formatHex(digest));
    }
    long full = index.memoryBytes();
    // Four words, an id and a length per slot, plus the table: over 41 bytes, about 55 per entry.
    assertThat(full).isGreaterThan(empty + 41L * n).isLessThan(200L * n);
  }
}
