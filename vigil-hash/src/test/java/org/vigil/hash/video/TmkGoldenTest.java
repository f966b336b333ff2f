package org.vigil.hash.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TMK+PDQF against the reference's .tmk files, per-frame features and pair scores. */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // each test runs FFmpeg
class TmkGoldenTest {

  private static final List<String> TMK_FILES =
      List.of(
          "clip-a-testsrc2",
          "clip-b-mandelbrot-2997fps",
          "clip-d-from-a-resized-256x192",
          "clip-e-from-a-frames-50-149",
          "doorknob-hd-no-bar");

  private final TmkHasher hasher = new TmkHasher(VideoVectors.ffmpeg(), VideoLimits.DEFAULT);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "clip-a-testsrc2",
        "clip-b-mandelbrot-2997fps",
        "clip-d-from-a-resized-256x192",
        "clip-e-from-a-frames-50-149",
        "doorknob-hd-no-bar"
      })
  void hash_referenceVideo_equalsReferenceTmkFileByteForByte(String video) throws Exception {
    TmkFeatures tmk = hasher.hash(VideoVectors.video(video));

    byte[] expected = VideoVectors.bytes("expected/tmk/" + video + ".tmk");
    assertThat(tmk.toBytes()).hasSize(263_344);
    assertThat(Arrays.equals(tmk.toBytes(), expected))
        .as("first differing byte at %d", mismatch(tmk.toBytes(), expected))
        .isTrue();
  }

  @Test
  void accumulator_referenceFrameFeatures_giveReferenceTmkByteForByte() {
    // clip-a's .feat holds the reference's per-frame PDQF features: the TMK step alone.
    ByteBuffer feat =
        ByteBuffer.wrap(VideoVectors.bytes("tmk-intermediate/clip-a-testsrc2.feat"))
            .order(ByteOrder.LITTLE_ENDIAN);
    feat.position(32);
    TmkAccumulator accumulator = new TmkAccumulator();
    float[] feature = new float[256];
    while (feat.remaining() >= 4 * 256) {
      for (int k = 0; k < 256; k++) {
        feature[k] = feat.getFloat();
      }
      accumulator.add(feature);
    }

    assertThat(accumulator.frames()).isEqualTo(122);
    assertThat(accumulator.finish().toBytes())
        .isEqualTo(VideoVectors.bytes("expected/tmk/clip-a-testsrc2.tmk"));
  }

  @Test
  void fromBytes_referenceFile_writesBackIdentically() {
    byte[] file = VideoVectors.bytes("expected/tmk/doorknob-hd-no-bar.tmk");

    TmkFeatures tmk = TmkFeatures.fromBytes(file);

    assertThat(tmk.framesPerSecond()).isEqualTo(15);
    assertThat(tmk.dimension()).isEqualTo(256);
    assertThat(tmk.toBytes()).isEqualTo(file);
  }

  @Test
  void fromBytes_truncatedOrForeignData_refusedWithReason() {
    byte[] file = VideoVectors.bytes("expected/tmk/clip-a-testsrc2.tmk");

    assertThatThrownBy(() -> TmkFeatures.fromBytes(Arrays.copyOf(file, file.length - 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header implies 263344");
    byte[] foreign = file.clone();
    foreign[8] = 'X';
    assertThatThrownBy(() -> TmkFeatures.fromBytes(foreign))
        .hasMessageContaining("not a TMK+PDQF feature file");
    assertThatThrownBy(() -> TmkFeatures.fromBytes(new byte[10])).hasMessageContaining("header");
  }

  @Test
  void levelScores_everyPairOfCopiedFiles_equalReferenceScores() {
    Map<String, TmkFeatures> files = new HashMap<>();
    for (String name : TMK_FILES) {
      files.put(
          name + ".tmk",
          TmkFeatures.fromBytes(VideoVectors.bytes("expected/tmk/" + name + ".tmk")));
    }
    int checked = 0;
    for (String[] row : VideoVectors.csv("expected/matches-tmk.csv")) {
      TmkFeatures a = files.get(row[0]);
      TmkFeatures b = files.get(row[1]);
      if (a == null || b == null) {
        continue;
      }
      float level1 = TmkFeatures.level1(a, b);
      float level2 = TmkFeatures.level2(a, b);
      assertThat((double) level1)
          .as("level1 %s %s", row[0], row[1])
          .isCloseTo(Double.parseDouble(row[2]), within(1e-6));
      assertThat((double) level2)
          .as("level2 %s %s", row[0], row[1])
          .isCloseTo(Double.parseDouble(row[3]), within(1e-6));
      boolean match =
          level1 >= TmkFeatures.DEFAULT_LEVEL1_THRESHOLD
              && level2 >= TmkFeatures.DEFAULT_LEVEL2_THRESHOLD;
      assertThat(match ? "yes" : "no").isEqualTo(row[4]);
      checked++;
    }
    assertThat(checked).isEqualTo(10);
  }

  private static int mismatch(byte[] a, byte[] b) {
    return Arrays.mismatch(a, b);
  }
}
