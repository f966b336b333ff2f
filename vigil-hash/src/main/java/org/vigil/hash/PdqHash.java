package org.vigil.hash;

import java.util.HexFormat;

/**
 * A 256-bit PDQ hash held in four longs.
 *
 * <p>Layout: the 64-character hex form is a big-endian 256-bit integer whose bit k (least
 * significant = 0) is hash bit k. {@code w0} holds bits 0–63 (the last 16 hex characters), {@code
 * w3} bits 192–255 (the first 16). Keeping the words as primitives lets indexes store hashes in
 * flat {@code long[]} arrays with no object per entry.
 */
public record PdqHash(long w0, long w1, long w2, long w3) {

  public static final int BITS = 256;
  public static final int HEX_LENGTH = 64;

  /**
   * Parses 64 hex characters (either case).
   *
   * @throws IllegalArgumentException naming the problem when the text is not a PDQ hash
   */
  public static PdqHash fromHex(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("PDQ hash is missing");
    }
    if (hex.length() != HEX_LENGTH) {
      throw new IllegalArgumentException("PDQ hash must be 64 hex characters, got " + hex.length());
    }
    return new PdqHash(
        parseWord(hex, 48), parseWord(hex, 32), parseWord(hex, 16), parseWord(hex, 0));
  }

  /** True when {@code text} is 64 hex characters. */
  public static boolean isValidHex(String text) {
    if (text == null || text.length() != HEX_LENGTH) {
      return false;
    }
    for (int i = 0; i < HEX_LENGTH; i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static long parseWord(String hex, int start) {
    long word = 0;
    for (int i = start; i < start + 16; i++) {
      int digit = Character.digit(hex.charAt(i), 16);
      if (digit < 0) {
        throw new IllegalArgumentException("PDQ hash has a non-hex character at position " + i);
      }
      word = (word << 4) | digit;
    }
    return word;
  }

  /** Builds a hash from its bits: {@code bits[k]} is hash bit k. */
  public static PdqHash fromBits(boolean[] bits) {
    if (bits.length != BITS) {
      throw new IllegalArgumentException("need 256 bits, got " + bits.length);
    }
    long[] words = new long[4];
    for (int k = 0; k < BITS; k++) {
      if (bits[k]) {
        words[k >>> 6] |= 1L << (k & 63);
      }
    }
    return new PdqHash(words[0], words[1], words[2], words[3]);
  }

  /** Hash bit k (0 = least significant). */
  public boolean bit(int k) {
    if (k < 0 || k >= BITS) {
      throw new IndexOutOfBoundsException(k);
    }
    long word =
        switch (k >>> 6) {
          case 0 -> w0;
          case 1 -> w1;
          case 2 -> w2;
          default -> w3;
        };
    return ((word >>> (k & 63)) & 1L) != 0;
  }

  /** Hamming distance: the number of differing bits, 0–256. */
  public int distance(PdqHash other) {
    return Long.bitCount(w0 ^ other.w0)
        + Long.bitCount(w1 ^ other.w1)
        + Long.bitCount(w2 ^ other.w2)
        + Long.bitCount(w3 ^ other.w3);
  }

  /** The reference's lowercase 64-character hex form. */
  public String toHex() {
    // HexFormat, not String.format: this runs for every scan answer and format was 5% of one.
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(w3) + hex.toHexDigits(w2) + hex.toHexDigits(w1) + hex.toHexDigits(w0);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
