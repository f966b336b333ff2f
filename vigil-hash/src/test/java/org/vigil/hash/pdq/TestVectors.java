package org.vigil.hash.pdq;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.decode.ImageDecoder;

/** Loads the reference test vectors copied from Meta's ThreatExchange (see pdq/README.txt). */
final class TestVectors {

  private TestVectors() {}

  static byte[] bytes(String path) {
    try (InputStream in = TestVectors.class.getResourceAsStream("/pdq/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource pdq/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String path) {
    String text = new String(bytes(path), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        lines.add(line.strip());
      }
    }
    return lines;
  }

  /** Decodes an image from the vectors with the production decoder. */
  static LumaSource decode(String path) {
    try {
      return new ImageDecoder(Long.MAX_VALUE).decode(bytes(path)).luma();
    } catch (MediaRejectedException e) {
      throw new AssertionError("reference image " + path + " was rejected: " + e.getMessage(), e);
    }
  }

  /** Rows of a CSV with a header line, split on commas. */
  static List<String[]> csv(String path) {
    List<String> lines = lines(path);
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      rows.add(line.split(","));
    }
    return rows;
  }
}
