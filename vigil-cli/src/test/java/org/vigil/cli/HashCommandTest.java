package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.hash.MediaHashes;
import org.vigil.hash.image.MediaHasher;
import picocli.CommandLine;

class HashCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = VigilCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private Map<String, JsonNode> linesByPath() throws IOException {
    Map<String, JsonNode> lines = new HashMap<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        JsonNode node = new ObjectMapper().readTree(line);
        lines.put(node.get("path").asText(), node);
      }
    }
    return lines;
  }

  @Test
  void hash_directoryRecursively_oneJsonLinePerImageWithAllFields() throws Exception {
    Path png = write(dir.resolve("a.png"), picture(200, 150), "png");
    Path jpeg = write(dir.resolve("nested/deeper/b.jpg"), picture(120, 90), "jpeg");

    int exit = run("hash", "--json", dir.toString());

    assertThat(exit).as(err.toString()).isZero();
    Map<String, JsonNode> lines = linesByPath();
    assertThat(lines).containsOnlyKeys(png.toString(), jpeg.toString());
    JsonNode line = lines.get(png.toString());
    assertThat(line.fieldNames())
        .toIterable()
        .containsExactly("path", "pdq", "quality", "md5", "sha256", "width", "height");
    MediaHashes expected = new MediaHasher(100_000_000).hash(png);
    assertThat(line.get("pdq").asText()).isEqualTo(expected.pdq().toHex());
    assertThat(line.get("quality").asInt()).isEqualTo(expected.quality());
    assertThat(line.get("md5").asText()).isEqualTo(expected.md5());
    assertThat(line.get("sha256").asText()).isEqualTo(expected.sha256());
    assertThat(line.get("width").asInt()).isEqualTo(200);
    assertThat(line.get("height").asInt()).isEqualTo(150);
    assertThat(err.toString()).isEmpty(); // not a terminal: no progress bar
  }

  @Test
  void hash_someFilesBad_errorLinesForThemOthersHashedExitOne() throws Exception {
    Path good = write(dir.resolve("good.png"), picture(64, 48), "png");
    Path text = Files.writeString(dir.resolve("notes.jpg"), "not an image at all");
    byte[] jpeg = encode(picture(300, 200), "jpeg");
    Path truncated = Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg, 400));
    Path empty = Files.write(dir.resolve("empty.gif"), new byte[0]);
    Path missing = dir.resolve("missing.png");

    int exit = run("hash", "--json", "--threads", "2", dir.toString(), missing.toString());

    assertThat(exit).isEqualTo(1);
    Map<String, JsonNode> lines = linesByPath();
    assertThat(lines)
        .containsOnlyKeys(
            good.toString(),
            text.toString(),
            truncated.toString(),
            empty.toString(),
            missing.toString());
    assertThat(lines.get(good.toString()).has("pdq")).isTrue();
    for (Path bad : new Path[] {text, truncated, empty, missing}) {
      JsonNode line = lines.get(bad.toString());
      assertThat(line.fieldNames()).toIterable().containsExactly("path", "error");
      assertThat(line.get("error").asText()).isNotBlank().doesNotContain("Exception");
    }
    assertThat(lines.get(text.toString()).get("error").asText()).contains("not a JPEG, PNG");
    assertThat(lines.get(missing.toString()).get("error").asText()).contains("no such file");
  }

  @Test
  void hash_textOutput_hashQualityDigestsSizeAndPath() throws Exception {
    Path png = write(dir.resolve("a.png"), picture(200, 150), "png");
    MediaHashes expected = new MediaHasher(100_000_000).hash(png);

    int exit = run("hash", png.toString());

    assertThat(exit).isZero();
    assertThat(out.toString().strip())
        .isEqualTo(
            expected.pdq().toHex()
                + " "
                + expected.quality()
                + " "
                + expected.md5()
                + " "
                + expected.sha256()
                + " 200x150 "
                + png);
  }

  @Test
  void hash_progressForced_drawsBarOnStderr() throws Exception {
    write(dir.resolve("a.png"), picture(64, 64), "png");

    int exit = run("hash", "--progress", dir.toString());

    assertThat(exit).isZero();
    assertThat(err.toString()).contains("1/1 files");
  }

  @Test
  void hash_noPath_usageErrorExitTwo() {
    assertThat(run("hash")).isEqualTo(2);
    assertThat(err.toString()).contains("PATH");
  }

  @Test
  void hash_zeroThreads_usageErrorExitTwo() throws Exception {
    Path png = write(dir.resolve("a.png"), picture(64, 64), "png");

    assertThat(run("hash", "--threads", "0", png.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--threads");
  }

  private static BufferedImage picture(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = (int) (127 + 120 * Math.sin(x * 0.1));
        int g = (int) (127 + 120 * Math.cos(y * 0.13));
        image.setRGB(x, y, (r << 16) | (g << 8) | ((x ^ y) & 0xff));
      }
    }
    return image;
  }

  private static Path write(Path file, BufferedImage image, String format) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, encode(image, format));
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(image, format, bytes);
    return bytes.toByteArray();
  }
}
