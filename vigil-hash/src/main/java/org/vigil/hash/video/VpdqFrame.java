package org.vigil.hash.video;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.vigil.hash.PdqHash;

/**
 * One hashed frame of a vPDQ hash: a line {@code frameNumber,quality,pdqHex,timestamp} of the
 * reference's text format.
 *
 * @param frameNumber 0-based index of the decoded frame, in decoder output order
 * @param quality PDQ quality 0–100 (the matcher ignores frames below its quality threshold)
 * @param hash the frame's PDQ hash
 * @param timestamp seconds, {@code (float) frameNumber / (float) frameRate} as the reference
 *     computes it (from the frame number, not the container's timestamps)
 */
public record VpdqFrame(long frameNumber, int quality, PdqHash hash, float timestamp) {

  public VpdqFrame {
    if (frameNumber < 0) {
      throw new IllegalArgumentException("frame number must not be negative");
    }
    if (quality < 0 || quality > 100) {
      throw new IllegalArgumentException("quality must be 0-100, got " + quality);
    }
    if (hash == null) {
      throw new IllegalArgumentException("hash is missing");
    }
    if (!(timestamp >= 0) || Float.isInfinite(timestamp)) {
      throw new IllegalArgumentException("timestamp must be a non-negative number");
    }
  }

  /**
   * The timestamp as the reference prints it: C's {@code %.3f}, i.e. the exact binary value rounded
   * to three decimals with ties to even ({@code String.format} would round ties up: frame 1 at 16
   * fps is exactly 0.0625 and must print as 0.062).
   */
  public String timestampText() {
    return new BigDecimal((double) timestamp).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** The reference's text line, without the newline. */
  public String toLine() {
    return frameNumber + "," + quality + "," + hash.toHex() + "," + timestampText();
  }
}
