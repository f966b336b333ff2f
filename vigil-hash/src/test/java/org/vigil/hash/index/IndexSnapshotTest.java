package org.vigil.hash.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.hash.PdqHash;

class IndexSnapshotTest {

  @TempDir Path dir;

  private static MultiIndexHammingIndex sample(Random random) {
    MultiIndexHammingIndex index = new MultiIndexHammingIndex(31, 64);
    for (int i = 0; i < 3000; i++) {
      index.add(i, MultiIndexHammingIndexProperties.randomCode(random));
    }
    for (int i = 0; i < 3000; i += 7) {
      index.remove(i);
    }
    return index;
  }

  @Test
  void load_savedIndex_answersEveryQueryLikeTheOriginal() throws IOException {
    Random random = new Random(3);
    MultiIndexHammingIndex original = sample(random);
    Path file = dir.resolve("bank.vhx");

    original.save(file);
    MultiIndexHammingIndex loaded = MultiIndexHammingIndex.load(file, 31);

    assertThat(Files.size(file)).isEqualTo(12 + 40L * original.size() + 8);
    assertThat(loaded.size()).isEqualTo(original.size());
    for (int q = 0; q < 50; q++) {
      PdqHash query = MultiIndexHammingIndexProperties.randomCode(random);
      Map<Long, Integer> expected = MultiIndexHammingIndexProperties.hits(original, query, 120);
      assertThat(MultiIndexHammingIndexProperties.hits(loaded, query, 120)).isEqualTo(expected);
    }
  }

  /**
   * A file written by another tool (valid format and checksum) may repeat an id: as in {@code
   * addAll}, the later entry wins and the earlier one is not found.
   */
  @Test
  void load_snapshotWithARepeatedId_keepsTheLaterEntry() throws IOException {
    Random random = new Random(5);
    int n = 6000;
    long[] ids = new long[n];
    long[] codes = new long[4 * n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
      PdqHash code = MultiIndexHammingIndexProperties.randomCode(random);
      codes[4 * i] = code.w0();
      codes[4 * i + 1] = code.w1();
      codes[4 * i + 2] = code.w2();
      codes[4 * i + 3] = code.w3();
    }
    ids[n - 1] = 10; // entry n−1 repeats id 10, replacing entry 10's code
    Path file = dir.resolve("repeated.vhx");
    IndexSnapshot.write(file, ids, codes, n);

    MultiIndexHammingIndex loaded = MultiIndexHammingIndex.load(file, 31);

    assertThat(loaded.size()).isEqualTo(n - 1);
    PdqHash older = new PdqHash(codes[40], codes[41], codes[42], codes[43]);
    PdqHash later =
        new PdqHash(
            codes[4 * (n - 1)], codes[4 * (n - 1) + 1], codes[4 * (n - 1) + 2], codes[4 * n - 1]);
    assertThat(MultiIndexHammingIndexProperties.hits(loaded, older, 0)).doesNotContainKey(10L);
    assertThat(MultiIndexHammingIndexProperties.hits(loaded, later, 0)).containsEntry(10L, 0);
  }

  @Test
  void load_flippedByte_failsWithChecksumError() throws IOException {
    Path file = dir.resolve("bank.vhx");
    sample(new Random(4)).save(file);
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.seek(500);
      int b = raw.read();
      raw.seek(500);
      raw.write(b ^ 1);
    }

    assertThatThrownBy(() -> MultiIndexHammingIndex.load(file, 31))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void load_truncatedOrForeignFile_failsNamingTheProblem() throws IOException {
    Path file = dir.resolve("bank.vhx");
    sample(new Random(5)).save(file);
    byte[] bytes = Files.readAllBytes(file);
    Path truncated = dir.resolve("truncated.vhx");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    Path foreign = dir.resolve("foreign.vhx");
    Files.writeString(foreign, "hello, this is not an index snapshot at all");

    assertThatThrownBy(() -> MultiIndexHammingIndex.load(truncated, 31))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("truncated or corrupt");
    assertThatThrownBy(() -> MultiIndexHammingIndex.load(foreign, 31))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a Vigil index snapshot");
  }
}
