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
