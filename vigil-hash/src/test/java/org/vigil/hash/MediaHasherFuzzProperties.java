package org.vigil.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

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

  @Property(tries = 400)
  void hash_mutatedImage_validHashOrCleanRejection(
      @ForAll("seedIndex") int seedIndex,
      @ForAll long mutationSeed,
      @ForAll @IntRange(min = 1, max = 12) int mutations) {
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

  @Provide
  Arbitrary<Integer> seedIndex() {
    return Arbitraries.integers().between(0, SEEDS.size() - 1);
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
