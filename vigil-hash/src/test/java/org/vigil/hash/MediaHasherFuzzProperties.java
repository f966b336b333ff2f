package org.vigil.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigil.hash.image.MediaHasher;

/**
 * Mutated image files (bytes flipped, runs overwritten, cut short, spliced) must give either a
 * valid hash or a {@link MediaRejectedException}: no other exception, no error, no hang.
 */
class MediaHasherFuzzProperties {

  private static final BufferedImage PICTURE =
      SampleImages.gradient(96, 80, BufferedImage.TYPE_INT_RGB);

  private static final List<byte[]> SEEDS =
      List.of(
          SampleImages.jpeg(PICTURE, 0.9f, false),
          SampleImages.jpeg(PICTURE, 0.8f, true),
          SampleImages.encode(PICTURE, "png"),
          SampleImages.encode(SampleImages.gradient(96, 80, BufferedImage.TYPE_INT_ARGB), "png"),
          SampleImages.encode(PICTURE, "gif"),
          SampleImages.encode(PICTURE, "bmp"));

  // A small limit keeps mutated headers from asking for long decodes of big images.
  private final MediaHasher hasher = new MediaHasher(4_000_000);

  @Test
  void hash_mutatedImage_validHashOrCleanRejection() {
    qt().withExamples(400)
        .forAll(integers().between(0, SEEDS.size() - 1), longs().all(), integers().between(1, 12))
        .checkAssert(this::mutatedImageHashesOrIsRejected);
  }

  private void mutatedImageHashesOrIsRejected(int seedIndex, long mutationSeed, int mutations) {
    byte[] bytes = mutate(SEEDS.get(seedIndex), new Random(mutationSeed), mutations);

    try {
      MediaHashes hashes = hasher.hash(bytes);
      assertThat(hashes.pdq()).isNotNull();
      assertThat(hashes.quality()).isBetween(0, 100);
      assertThat(hashes.width()).isPositive();
      assertThat(hashes.height()).isPositive();
      assertThat(hashes.md5()).hasSize(32);
      assertThat(hashes.sha256()).hasSize(64);
    } catch (MediaRejectedException e) {
      assertThat(e.reason()).isNotNull();
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  private static byte[] mutate(byte[] original, Random random, int mutations) {
    byte[] bytes = original.clone();
    for (int m = 0; m < mutations; m++) {
      switch (random.nextInt(5)) {
        case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        case 1 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        case 2 -> {
          // Header bytes hold sizes and table lengths: hit them harder.
          int at = random.nextInt(Math.min(bytes.length, 64));
          bytes[at] = (byte) (random.nextBoolean() ? 0xFF : 0x00);
        }
        case 3 -> bytes = Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length));
        default -> {
          int from = random.nextInt(bytes.length);
          int to = random.nextInt(bytes.length);
          int length =
              Math.min(random.nextInt(64), Math.min(bytes.length - from, bytes.length - to));
          System.arraycopy(bytes, from, bytes, to, length);
        }
      }
    }
    return bytes;
  }
}
