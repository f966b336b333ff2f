package org.vigil.hash.pdq;

/**
 * An image seen as rows of PDQ luminance. The hasher pulls rows in order 0, 1, 2, ... so a source
 * can convert decoded pixels one row at a time instead of materialising a full float image.
 */
public interface LumaSource {

  int width();

  int height();

  /**
   * Writes the luminance of row {@code y} into {@code dst[offset .. offset + width())}. Values are
   * what the reference computes: {@code (0.299f * R + 0.587f * G) + 0.114f * B} in float, or the
   * grey value itself for greyscale images.
   */
  void lumaRow(int y, float[] dst, int offset);
}
