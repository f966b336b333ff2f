package org.vigil.hash.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The reference video vectors copied from shared/testdata/vpdq (see vpdq/README.txt). */
final class VideoVectors {

  /** The videos copied into the tests (a subset of the shared set; README.txt says which). */
  static final List<String> VIDEOS =
      List.of(
          "clip-a-testsrc2",
          "clip-b-mandelbrot-2997fps",
          "clip-c-smptebars-overlay-16fps",
          "clip-d-from-a-resized-256x192",
          "clip-e-from-a-frames-50-149",
          "clip-f-from-a-crop-resize-brighten",
          "test-padded-dimensions",
          "doorknob-hd-no-bar");

  private VideoVectors() {}

  static Path path(String relative) {
    URL url = VideoVectors.class.getResource("/vpdq/" + relative);
    if (url == null) {
      throw new IllegalArgumentException("missing test resource vpdq/" + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path video(String name) {
    return path("videos/" + name + ".mp4");
  }

  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String relative) {
    return new String(bytes(relative), StandardCharsets.UTF_8);
  }

  /** Rows of a CSV with a header line, split on commas. */
  static List<String[]> csv(String relative) {
    List<String[]> rows = new ArrayList<>();
    String[] lines = text(relative).split("\n");
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        rows.add(lines[i].strip().split(",", -1));
      }
    }
    return rows;
  }

  static Ffmpeg ffmpeg() {
    return Ffmpeg.fromEnvironment();
  }
}
