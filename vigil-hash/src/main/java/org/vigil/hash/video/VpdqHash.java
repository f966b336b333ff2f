package org.vigil.hash.video;

import java.util.ArrayList;
import java.util.List;
import org.vigil.hash.PdqHash;

/**
 * A video's vPDQ hash: the PDQ hashes of its sampled frames, in frame order. Its text form is the
 * reference's ({@code vpdq-hash-video} output and {@code vpdq/sample-hashes}): one line {@code
 * frameNumber,quality,pdqHex,timestamp} per frame, every line ending in a newline, no header.
 */
public record VpdqHash(List<VpdqFrame> frames) {

  /** Lines this long are refused when parsing: a frame line is at most about 100 characters. */
  private static final int MAX_LINE = 200;

  public VpdqHash {
    frames = List.copyOf(frames);
  }

  /** The reference's text format. */
  public String toText() {
    StringBuilder text = new StringBuilder(frames.size() * 80);
    for (VpdqFrame frame : frames) {
      text.append(frame.toLine()).append('\n');
    }
    return text.toString();
  }

  /**
   * Parses the reference's text format. Blank lines are skipped; the timestamp may be absent (the
   * 3-field form the upstream README describes), which reads as 0.
   *
   * @throws IllegalArgumentException naming the line and the problem
   */
  public static VpdqHash parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("vPDQ hash is missing");
    }
    List<VpdqFrame> frames = new ArrayList<>();
    int lineNumber = 0;
    for (String raw : text.split("\n", -1)) {
      lineNumber++;
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.length() > MAX_LINE) {
        throw new IllegalArgumentException("vPDQ line " + lineNumber + " is too long");
      }
      frames.add(parseLine(line, lineNumber));
    }
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("vPDQ hash has no frame lines");
    }
    return new VpdqHash(frames);
  }

  private static VpdqFrame parseLine(String line, int lineNumber) {
    String[] fields = line.split(",", -1);
    if (fields.length != 3 && fields.length != 4) {
      throw new IllegalArgumentException(
          "vPDQ line "
              + lineNumber
              + " must be 'frame,quality,pdq,timestamp', got "
              + fields.length
              + " fields");
    }
    try {
      long frame = Long.parseLong(fields[0].strip());
      int quality = Integer.parseInt(fields[1].strip());
      PdqHash hash = PdqHash.fromHex(fields[2].strip());
      float timestamp = fields.length == 4 ? Float.parseFloat(fields[3].strip()) : 0f;
      return new VpdqFrame(frame, quality, hash, timestamp);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vPDQ line " + lineNumber + ": " + e.getMessage(), e);
    }
  }
}
