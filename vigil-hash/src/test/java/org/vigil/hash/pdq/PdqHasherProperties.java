package org.vigil.hash.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.vigil.hash.PdqHash;
import org.vigil.hash.decode.BufferedImageLuma;

/** The streaming hasher against the plain full-buffer implementation, on arbitrary images. */
class PdqHasherProperties {

  // One instance across tries: its reused buffers must not carry state between images.
  private final PdqHasher hasher = new PdqHasher();

  @Property(tries = 150)
  void hash_anyImage_equalsPlainImplementationBitForBit(
      @ForAll @IntRange(min = 5, max = 400) int width,
      @ForAll @IntRange(min = 5, max = 400) int height,
      @ForAll long seed,
      @ForAll boolean smooth) {
    float[] luma = image(width, height, seed, smooth);

    PdqResult fast = hasher.hash(new FloatLumaImage(luma, width, height));

    float[] grid = NaivePdq.grid(luma, width, height);
    assertThat(hasher.lastGrid()).containsExactly(grid);
    float[] dct = NaivePdq.dct(grid);
    assertThat(hasher.lastDct()).containsExactly(dct);
    assertThat(fast.hash().toHex()).isEqualTo(NaivePdq.hex(dct));
    assertThat(fast.quality()).isEqualTo(NaivePdq.quality(grid));
  }

  @Property(tries = 20)
  void hash_exactly64x64_usesPixelsWithoutBlur(@ForAll long seed) {
    float[] luma = image(64, 64, seed, false);

    hasher.hash(new FloatLumaImage(luma, 64, 64));

    assertThat(hasher.lastGrid()).containsExactly(luma);
  }

  @Property(tries = 30)
  void hash_narrowerOrShorterThanFive_allZerosQualityZero(
      @ForAll @IntRange(min = 1, max = 4) int small,
      @ForAll @IntRange(min = 1, max = 300) int other,
      @ForAll boolean tall) {
    int width = tall ? small : other;
    int height = tall ? other : small;

    PdqResult result =
        hasher.hash(new FloatLumaImage(image(width, height, 1, false), width, height));

    assertThat(result.hash()).isEqualTo(new PdqHash(0, 0, 0, 0));
    assertThat(result.quality()).isZero();
  }

  @Property(tries = 30)
  void hashDihedral_anyImage_originalEqualsPlainHash(@ForAll long seed) {
    float[] luma = image(97, 61, seed, true);
    LumaSource source = new FloatLumaImage(luma, 97, 61);

    PdqDihedralResult all = hasher.hashDihedral(source);

    assertThat(all.hash(Dihedral.ORIGINAL)).isEqualTo(hasher.hash(source).hash());
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
