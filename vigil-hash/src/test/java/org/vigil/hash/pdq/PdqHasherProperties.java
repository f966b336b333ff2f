package org.vigil.hash.pdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigil.hash.PdqHash;
import org.vigil.hash.decode.BufferedImageLuma;

/** The streaming hasher against the plain full-buffer implementation, on arbitrary images. */
class PdqHasherProperties {

  // One instance across tries: its reused buffers must not carry state between images.
  private final PdqHasher hasher = new PdqHasher();

  @Test
  void hash_anyImage_equalsPlainImplementationBitForBit() {
    qt().withExamples(150)
        .forAll(
            integers().between(5, 400), integers().between(5, 400), longs().all(), booleans().all())
        .checkAssert(this::hashEqualsPlainImplementation);
  }

  private void hashEqualsPlainImplementation(int width, int height, long seed, boolean smooth) {
    float[] luma = image(width, height, seed, smooth);

    PdqResult fast = hasher.hash(new FloatLumaImage(luma, width, height));

    float[] grid = NaivePdq.grid(luma, width, height);
    assertThat(hasher.lastGrid()).containsExactly(grid);
    float[] dct = NaivePdq.dct(grid);
    assertThat(hasher.lastDct()).containsExactly(dct);
    assertThat(fast.hash().toHex()).isEqualTo(NaivePdq.hex(dct));
    assertThat(fast.quality()).isEqualTo(NaivePdq.quality(grid));
  }

  @Test
  void hash_exactly64x64_usesPixelsWithoutBlur() {
    qt().withExamples(20)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              float[] luma = image(64, 64, seed, false);

              hasher.hash(new FloatLumaImage(luma, 64, 64));

              assertThat(hasher.lastGrid()).containsExactly(luma);
            });
  }

  @Test
  void hash_narrowerOrShorterThanFive_allZerosQualityZero() {
    qt().withExamples(30)
        .forAll(integers().between(1, 4), integers().between(1, 300), booleans().all())
        .checkAssert(this::tinyImageHashesToZero);
  }

  private void tinyImageHashesToZero(int small, int other, boolean tall) {
    int width = tall ? small : other;
    int height = tall ? other : small;

    PdqResult result =
        hasher.hash(new FloatLumaImage(image(width, height, 1, false), width, height));

    assertThat(result.hash()).isEqualTo(new PdqHash(0, 0, 0, 0));
    assertThat(result.quality()).isZero();
  }

  @Test
  void hashDihedral_anyImage_originalEqualsPlainHash() {
    qt().withExamples(30)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              float[] luma = image(97, 61, seed, true);
              LumaSource source = new FloatLumaImage(luma, 97, 61);

              PdqDihedralResult all = hasher.hashDihedral(source);

              assertThat(all.hash(Dihedral.ORIGINAL)).isEqualTo(hasher.hash(source).hash());
            });
  }

  /** Noise, or smooth gradients plus noise (closer to photos, with meaningful quality). */
  static float[] image(int width, int height, long seed, boolean smooth) {
    Random random = new Random(seed);
    float[] luma = new float[width * height];
    double fx = random.nextDouble() * 0.2;
    double fy = random.nextDouble() * 0.2;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int value =
            smooth
                ? (int) (127 + 100 * Math.sin(fx * x) * Math.cos(fy * y) + random.nextInt(20))
                : -1;
        luma[y * width + x] =
            smooth
                ? value
                : BufferedImageLuma.luma(
                    random.nextInt(256), random.nextInt(256), random.nextInt(256));
      }
    }
    return luma;
  }
}
