package org.vigil.hash.pdq;

/** A luminance image already held as one row-major float array. */
public final class FloatLumaImage implements LumaSource {

  private final float[] luma;
  private final int width;
  private final int height;

  /**
   * @param luma row-major luminance, {@code width * height} values (not copied)
   */
  public FloatLumaImage(float[] luma, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("dimensions must be positive: " + width + "x" + height);
    }
    if ((long) width * height != luma.length) {
      throw new IllegalArgumentException(
          "luma has " + luma.length + " values, expected " + width + "x" + height);
    }
    this.luma = luma;
    this.width = width;
    this.height = height;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public void lumaRow(int y, float[] dst, int offset) {
    System.arraycopy(luma, y * width, dst, offset, width);
  }
}
