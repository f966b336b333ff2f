package org.vigil.hash.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.MediaRejectedException.Reason;

/** Hostile and broken inputs end in a {@link MediaRejectedException} with a one-line reason. */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // each test runs FFmpeg
class VideoRejectionTest {

  @TempDir Path dir;

  private final Ffmpeg ffmpeg = VideoVectors.ffmpeg();
  private final VpdqHasher vpdq = new VpdqHasher(ffmpeg, VideoLimits.DEFAULT);
  private final TmkHasher tmk = new TmkHasher(ffmpeg, VideoLimits.DEFAULT);

  @Test
  void hash_truncatedMp4_corrupt() throws Exception {
    byte[] clip = Files.readAllBytes(VideoVectors.video("clip-a-testsrc2"));
    Path truncated = dir.resolve("truncated.mp4");
    Files.write(truncated, Arrays.copyOf(clip, clip.length / 2));

    assertRejected(() -> vpdq.hash(truncated, 1), Reason.CORRUPT, "corrupt or truncated video");
    assertRejected(() -> tmk.hash(truncated), Reason.CORRUPT, "corrupt or truncated video");
  }

  @Test
  void hash_mp4CutInsideItsHeader_corrupt() throws Exception {
    byte[] clip = Files.readAllBytes(VideoVectors.video("clip-a-testsrc2"));
    Path truncated = dir.resolve("header-only.mp4");
    Files.write(truncated, Arrays.copyOf(clip, 2000));

    assertRejected(
        () -> vpdq.hash(truncated, 1),
        Reason.CORRUPT,
        "corrupt or truncated video: error reading header");
  }

  @Test
  void hash_textFileNamedMp4_unsupportedFormat() throws Exception {
    Path text = dir.resolve("movie.mp4");
    Files.writeString(text, "this is a text file, not a movie\n", StandardCharsets.UTF_8);

    assertRejected(() -> vpdq.hash(text, 1), Reason.UNSUPPORTED_FORMAT, "not a video");
  }

  @Test
  void hash_pngImage_unsupportedFormat() throws Exception {
    Path png = dir.resolve("frame.mp4");
    Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});

    assertRejected(() -> vpdq.hash(png, 1), Reason.UNSUPPORTED_FORMAT, "not a video");
  }

  @Test
  void hash_emptyFile_corrupt() throws Exception {
    Path empty = dir.resolve("empty.mp4");
    Files.write(empty, new byte[0]);

    assertRejected(() -> vpdq.hash(empty, 1), Reason.CORRUPT, "empty file");
  }

  @Test
  void hash_headerDeclaringTenHours_tooLongBeforeDecoding() {
    // 600 grey 64x64 frames at 1/60 fps: the container says 36,000 s.
    Path tenHours = VideoVectors.path("ten-hours-header.mp4");

    assertRejected(
        () -> vpdq.hash(tenHours, 1),
        Reason.TOO_LONG,
        "video of 36000 s exceeds the limit of 3600 s");
    assertRejected(() -> tmk.hash(tenHours), Reason.TOO_LONG, "36000 s");
  }

  @Test
  void hash_framesOverPixelLimit_tooManyPixels() {
    VpdqHasher small = new VpdqHasher(ffmpeg, new VideoLimits(320 * 240 - 1, 3600));

    assertRejected(
        () -> small.hash(VideoVectors.video("clip-a-testsrc2"), 1),
        Reason.TOO_MANY_PIXELS,
        "320x240 exceed the limit of 76799 pixels");
  }

  @Test
  void hash_ffmpegMissing_ioErrorNamingTheFix() {
    Ffmpeg missing = new Ffmpeg("/nonexistent/ffmpeg", "/nonexistent/ffprobe", 60);

    assertThatThrownBy(
            () ->
                new VpdqHasher(missing, VideoLimits.DEFAULT)
                    .hash(VideoVectors.video("clip-a-testsrc2"), 1))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("apt-get install ffmpeg");
  }

  @Test
  void sniff_containerSignatures_recognised() {
    assertThat(
            VideoContainer.sniff(head(0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'), 12))
        .contains(VideoContainer.MP4);
    assertThat(VideoContainer.sniff(head(0x1a, 0x45, 0xdf, 0xa3), 4))
        .contains(VideoContainer.MATROSKA);
    assertThat(VideoContainer.sniff(head('R', 'I', 'F', 'F', 0, 0, 0, 0, 'A', 'V', 'I', ' '), 12))
        .contains(VideoContainer.AVI);
    assertThat(VideoContainer.sniff(head('R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'), 12))
        .isEmpty();
    assertThat(VideoContainer.sniff(head('G', 'I', 'F', '8', '9', 'a'), 6)).isEmpty();
  }

  private static byte[] head(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private interface Hashing {
    void run() throws Exception;
  }

  private static void assertRejected(Hashing hashing, Reason reason, String message) {
    assertThatThrownBy(hashing::run)
        .isInstanceOf(MediaRejectedException.class)
        .hasMessageContaining(message)
        .satisfies(
            e -> {
              assertThat(((MediaRejectedException) e).reason()).isEqualTo(reason);
              assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("file:/");
            });
  }
}
