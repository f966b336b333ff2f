package org.vigil.hash.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.MediaRejectedException.Reason;

/**
 * {@link VideoHasher} decodes a video once for both hashes: the real ffmpeg and ffprobe run behind
 * wrapper scripts that log every invocation, and the hashes of the one shared decode are
 * byte-identical to the reference's and to two separate decodes. Also the failure paths of a shared
 * decode (a sink giving up on either output, FFmpeg failing before it opens its outputs, the
 * timeout), which must end promptly and say why.
 */
@Timeout(120)
class VideoHasherDecodeOnceTest {

  @TempDir static Path dir;

  private static Path video;
  private static Path ffmpegLog;
  private static Path ffprobeLog;
  private static Ffmpeg counted;

  /** A benign 3-second test pattern (FFmpeg's testsrc2). */
  @BeforeAll
  static void setUp() throws Exception {
    video = dir.resolve("pattern.mp4");
    run(
        "ffmpeg",
        "-v",
        "error",
        "-nostdin",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=25",
        "-t",
        "3",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        video.toString());
    ffmpegLog = dir.resolve("ffmpeg.log");
    ffprobeLog = dir.resolve("ffprobe.log");
    counted =
        new Ffmpeg(
            wrapper("ffmpeg-counted", "echo \"$*\" >> '" + ffmpegLog + "'\nexec ffmpeg \"$@\""),
            wrapper("ffprobe-counted", "echo \"$*\" >> '" + ffprobeLog + "'\nexec ffprobe \"$@\""),
            60);
  }

  @Test
  void hash_bothHashes_decodesTheVideoOnce() throws Exception {
    Files.deleteIfExists(ffmpegLog);
    Files.deleteIfExists(ffprobeLog);

    VideoHashes hashes = new VideoHasher(counted, VideoLimits.DEFAULT).hash(video, 1.0);

    List<String> decodes = Files.readAllLines(ffmpegLog);
    assertThat(decodes).hasSize(1);
    // One process with both outputs: vPDQ's frame selection and TMK's 64x64 at 15 fps.
    assertThat(decodes.get(0))
        .contains("select=not(mod(n\\,25))")
        .contains("-s 64:64 -c:v rawvideo -r 15");
    assertThat(Files.readAllLines(ffprobeLog)).hasSize(1);
    assertThat(hashes.vpdq().frames()).hasSize(3);
    assertThat(hashes.tmk().frameCount()).isPositive();
  }

  @Test
  void hash_sharedDecode_equalsTwoSeparateDecodes() throws Exception {
    Ffmpeg ffmpeg = VideoVectors.ffmpeg();

    VideoHashes once = new VideoHasher(ffmpeg, VideoLimits.DEFAULT).hash(video, 1.0);

    VpdqHash vpdq = new VpdqHasher(ffmpeg, VideoLimits.DEFAULT).hash(video, 1.0);
    TmkFeatures tmk = new TmkHasher(ffmpeg, VideoLimits.DEFAULT).hash(video);
    assertThat(once.vpdq().toText()).isEqualTo(vpdq.toText());
    assertThat(once.tmk().toBytes()).isEqualTo(tmk.toBytes());
  }

  /** The reference's outputs, byte for byte, from one shared decode. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "clip-a-testsrc2",
        "clip-b-mandelbrot-2997fps",
        "clip-d-from-a-resized-256x192",
        "clip-e-from-a-frames-50-149",
        "doorknob-hd-no-bar"
      })
  void hash_referenceVideo_bothOutputsEqualTheReference(String name) throws Exception {
    VideoHashes hashes =
        new VideoHasher(VideoVectors.ffmpeg(), VideoLimits.DEFAULT).hash(VideoVectors.video(name));

    assertThat(hashes.vpdq().toText())
        .isEqualTo(VideoVectors.text("expected/vpdq/" + name + ".r1.txt"));
    assertThat(
            Arrays.equals(
                hashes.tmk().toBytes(), VideoVectors.bytes("expected/tmk/" + name + ".tmk")))
        .isTrue();
  }

  @Test
  void frames_secondOutputSinkRejects_throwsItsRejectionPromptly() throws Exception {
    Ffmpeg ffmpeg = VideoVectors.ffmpeg();
    VideoInfo info = ffmpeg.probe(video, VideoLimits.DEFAULT);
    AtomicInteger firstFrames = new AtomicInteger();

    assertThatThrownBy(
            () ->
                ffmpeg.frames(
                    video,
                    info,
                    List.of(
                        new Ffmpeg.Output(
                            List.of(), 320, 240, (i, frame) -> firstFrames.incrementAndGet()),
                        new Ffmpeg.Output(
                            List.of("-s", "16:16"),
                            16,
                            16,
                            (i, frame) -> {
                              if (i == 5) {
                                throw new MediaRejectedException(Reason.TOO_LONG, "stop at 5");
                              }
                            }))))
        .isInstanceOf(MediaRejectedException.class)
        .hasMessage("stop at 5");
  }

  @Test
  void frames_firstOutputSinkRejects_throwsItsRejectionPromptly() throws Exception {
    Ffmpeg ffmpeg = VideoVectors.ffmpeg();
    VideoInfo info = ffmpeg.probe(video, VideoLimits.DEFAULT);

    assertThatThrownBy(
            () ->
                ffmpeg.frames(
                    video,
                    info,
                    List.of(
                        new Ffmpeg.Output(
                            List.of(),
                            320,
                            240,
                            (i, frame) -> {
                              throw new MediaRejectedException(Reason.TOO_LONG, "stop at once");
                            }),
                        new Ffmpeg.Output(List.of("-s", "16:16"), 16, 16, (i, frame) -> {}))))
        .isInstanceOf(MediaRejectedException.class)
        .hasMessage("stop at once");
  }

  /** FFmpeg gives up before it opens its outputs: the named pipe's reader must not wait forever. */
  @Test
  void frames_ffmpegFailsBeforeOpeningOutputs_isCorruptNotAHang() throws Exception {
    Ffmpeg ffmpeg = VideoVectors.ffmpeg();
    VideoInfo info = ffmpeg.probe(video, VideoLimits.DEFAULT);
    byte[] bytes = Files.readAllBytes(video);
    Path cut = dir.resolve("cut.mp4");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 3));

    assertThatThrownBy(
            () ->
                ffmpeg.frames(
                    cut,
                    info,
                    List.of(
                        new Ffmpeg.Output(List.of(), 320, 240, (i, frame) -> {}),
                        new Ffmpeg.Output(List.of("-s", "16:16"), 16, 16, (i, frame) -> {}))))
        .isInstanceOf(MediaRejectedException.class)
        .satisfies(e -> assertThat(((MediaRejectedException) e).reason()).isEqualTo(Reason.CORRUPT))
        .hasMessageStartingWith("corrupt or truncated video");
  }

  @Test
  void hash_decoderOutlivesTheTimeout_isKilledAndSaysSo() throws Exception {
    Ffmpeg slow = new Ffmpeg(wrapper("ffmpeg-slow", "sleep 30\nexec ffmpeg \"$@\""), "ffprobe", 1);
    long start = System.nanoTime();

    assertThatThrownBy(() -> new VideoHasher(slow, VideoLimits.DEFAULT).hash(video))
        .isInstanceOf(MediaRejectedException.class)
        .satisfies(
            e -> assertThat(((MediaRejectedException) e).reason()).isEqualTo(Reason.TOO_LONG))
        .hasMessage("decoding the video took longer than the limit of 1 s");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
  }

  @Test
  void constructor_badSettings_refused() {
    Ffmpeg ffmpeg = VideoVectors.ffmpeg();

    assertThatThrownBy(() -> new VideoHasher(ffmpeg, VideoLimits.DEFAULT, -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VideoHasher(ffmpeg, VideoLimits.DEFAULT, 1, 0))
        .hasMessageContaining("maxConcurrentDecodes");
  }

  private static String wrapper(String name, String body) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script.toString();
  }

  private static void run(String... command) throws Exception {
    Process p =
        new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
  }
}
