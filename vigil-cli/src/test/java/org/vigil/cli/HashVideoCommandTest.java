package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.hash.video.Ffmpeg;
import org.vigil.hash.video.TmkHasher;
import org.vigil.hash.video.VideoLimits;
import org.vigil.hash.video.VpdqFrame;
import org.vigil.hash.video.VpdqHash;
import org.vigil.hash.video.VpdqHasher;

/** {@code vigil hash} on video files: both hashes as JSON, and one-line errors for bad input. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HashVideoCommandTest {

  @TempDir static Path dir;

  private static Path clip;

  /** A benign 3-second test pattern, made with the same FFmpeg the hashers use. */
  @BeforeAll
  static void makeClip() throws Exception {
    clip = dir.resolve("pattern.mp4");
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=160x120:rate=10",
        "-t",
        "3",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        clip.toString());
  }

  @Test
  void hash_json_videoGivesVpdqFramesAndBase64Tmk() throws Exception {
    CliRun run = CliRun.of("hash", "--json", clip.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode line = new ObjectMapper().readTree(run.out().strip());
    assertThat(line.fieldNames())
        .toIterable()
        .containsExactly("path", "width", "height", "vpdq", "tmk");
    VpdqHash expected =
        new VpdqHasher(Ffmpeg.fromEnvironment(), VideoLimits.DEFAULT).hash(clip, 1.0);
    assertThat(line.get("vpdq")).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode frame = line.get("vpdq").get(i);
      VpdqFrame want = expected.frames().get(i);
      assertThat(frame.fieldNames())
          .toIterable()
          .containsExactly("frame", "quality", "pdq", "timestamp");
      assertThat(frame.get("frame").asLong()).isEqualTo(10L * i);
      assertThat(frame.get("pdq").asText()).isEqualTo(want.hash().toHex());
      assertThat(frame.get("quality").asInt()).isEqualTo(want.quality());
      assertThat(frame.get("timestamp").asDouble()).isEqualTo(i * 1.0);
    }
    byte[] tmk = Base64.getDecoder().decode(line.get("tmk").asText());
    assertThat(tmk)
        .isEqualTo(
            new TmkHasher(Ffmpeg.fromEnvironment(), VideoLimits.DEFAULT).hash(clip).toBytes());
  }

  @Test
  void hash_text_referenceLinesWithPath() {
    CliRun run = CliRun.of("hash", "--seconds-per-hash", "0.5", clip.toString());

    assertThat(run.exit()).isZero();
    List<String> lines = run.out().strip().lines().toList();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(1))
        .matches("5,\\d+,[0-9a-f]{64},0\\.500 " + java.util.regex.Pattern.quote(clip.toString()));
  }

  @Test
  void hash_badVideos_oneLineErrorEachExitOne() throws Exception {
    byte[] bytes = Files.readAllBytes(clip);
    Path truncated = Files.write(dir.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
    Path text = Files.writeString(dir.resolve("notes.mp4"), "a text file, not a movie");
    Path tenHours = dir.resolve("ten-hours.mp4");
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "color=c=gray:size=64x64:rate=1/60",
        "-t",
        "36000",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        tenHours.toString());

    CliRun run =
        CliRun.of("hash", "--json", truncated.toString(), text.toString(), tenHours.toString());

    assertThat(run.exit()).isEqualTo(1);
    Map<String, String> errors = new HashMap<>();
    for (String line : run.out().strip().split("\n")) {
      JsonNode node = new ObjectMapper().readTree(line);
      assertThat(node.fieldNames()).toIterable().containsExactly("path", "error");
      errors.put(node.get("path").asText(), node.get("error").asText());
    }
    assertThat(errors.get(truncated.toString())).startsWith("corrupt or truncated video: ");
    assertThat(errors.get(text.toString())).startsWith("not a video: no MP4/MOV");
    assertThat(errors.get(tenHours.toString()))
        .isEqualTo("video of 36000 s exceeds the limit of 3600 s");
    assertThat(errors.values()).allSatisfy(e -> assertThat(e).doesNotContain("\n", "Exception"));
  }

  private static void ffmpeg(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-nostdin"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
  }
}
