package org.vigil.hash.decode;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import org.vigil.hash.pdq.LumaSource;

/**
 * Reads PDQ luminance straight from a decoded image's raster, as the reference computes it from
 * 8-bit samples: {@code Y = (0.299f·R + 0.587f·G) + 0.114f·B} in float; greyscale images give the
 * grey value itself; alpha is ignored; 16-bit samples keep their high byte; CMYK is converted the
 * naive way ImageMagick does (no colour profile).
 *
 * <p>The three products are looked up in 256-entry tables: each entry is exactly the float the
 * reference's multiplication yields, so the sum is bit-identical and the per-pixel work is three
 * loads and two additions. Common layouts (interleaved bytes or shorts, packed ints, palettes) are
 * read from the backing arrays without copying; anything else goes through the raster's generic
 * accessors one row at a time into a reused buffer.
 */
public final class BufferedImageLuma implements LumaSource {

  private static final float[] RED = table(0.299f);
  private static final float[] GREEN = table(0.587f);
  private static final float[] BLUE = table(0.114f);

  private enum Layout {
    BYTE_GREY,
    BYTE_RGB,
    BYTE_CMYK,
    USHORT_GREY,
    USHORT_RGB,
    INT_PACKED,
    PALETTE,
    GENERIC
  }

  private final BufferedImage image;
  private final Raster raster;
  private final int width;
  private final int height;
  private final Layout layout;
  private byte[] bytes;
  private short[] shorts;
  private int[] ints;
  private int pixelStride;
  private int scanlineStride;
  private int base;
  private int offsetR;
  private int offsetG;
  private int offsetB;
  private int offsetK;
  private float[] paletteLuma;
  private int[] rowScratch;

  /**
   * @param image a decoded image
   * @param paletteIsGrey true when a palette image was stored as greyscale (a PNG of grey type with
   *     fewer than 8 bits); the reference's decoder expands those to grey values, so Y is the grey
   *     value rather than the weighted sum
   */
  public BufferedImageLuma(BufferedImage image, boolean paletteIsGrey) {
    this.image = image;
    this.raster = image.getRaster();
    this.width = image.getWidth();
    this.height = image.getHeight();
    this.layout = detect(paletteIsGrey);
  }

  private Layout detect(boolean paletteIsGrey) {
    ColorModel model = image.getColorModel();
    SampleModel sampleModel = raster.getSampleModel();
    DataBuffer buffer = raster.getDataBuffer();
    if (model instanceof IndexColorModel palette) {
      paletteLuma = new float[palette.getMapSize()];
      for (int i = 0; i < paletteLuma.length; i++) {
        int r = palette.getRed(i);
        int g = palette.getGreen(i);
        int b = palette.getBlue(i);
        paletteLuma[i] = paletteIsGrey && r == g && g == b ? r : luma(r, g, b);
      }
      rowScratch = new int[width];
      return Layout.PALETTE;
    }
    int colourSpace = model.getColorSpace().getType();
    int bands = sampleModel.getNumBands();
    boolean rgb = colourSpace == ColorSpace.TYPE_RGB && bands >= 3;
    boolean grey = colourSpace == ColorSpace.TYPE_GRAY && bands <= 2;
    boolean cmyk = colourSpace == ColorSpace.TYPE_CMYK && bands == 4;
    if (sampleModel instanceof ComponentSampleModel component && buffer.getNumBanks() == 1) {
      int[] offsets = component.getBandOffsets();
      pixelStride = component.getPixelStride();
      scanlineStride = component.getScanlineStride();
      int translateX = raster.getSampleModelTranslateX();
      int translateY = raster.getSampleModelTranslateY();
      if (buffer instanceof DataBufferByte byteBuffer && sampleModel.getSampleSize(0) == 8) {
        bytes = byteBuffer.getData();
        base = byteBuffer.getOffset() - translateY * scanlineStride - translateX * pixelStride;
        offsetR = offsets[0];
        if (grey) {
          return Layout.BYTE_GREY;
        }
        if (rgb || cmyk) {
          offsetG = offsets[1];
          offsetB = offsets[2];
          if (cmyk) {
            offsetK = offsets[3];
            return Layout.BYTE_CMYK;
          }
          return Layout.BYTE_RGB;
        }
      }
      if (buffer instanceof DataBufferUShort shortBuffer && sampleModel.getSampleSize(0) == 16) {
        shorts = shortBuffer.getData();
        base = shortBuffer.getOffset() - translateY * scanlineStride - translateX * pixelStride;
        offsetR = offsets[0];
        if (grey) {
          return Layout.USHORT_GREY;
        }
        if (rgb) {
          offsetG = offsets[1];
          offsetB = offsets[2];
          return Layout.USHORT_RGB;
        }
      }
    }
    if (sampleModel instanceof SinglePixelPackedSampleModel packed
        && buffer instanceof DataBufferInt intBuffer
        && rgb
        && isEightBitMasks(packed.getBitMasks())) {
      int[] shifts = packed.getBitOffsets();
      ints = intBuffer.getData();
      scanlineStride = packed.getScanlineStride();
      base =
          intBuffer.getOffset()
              - raster.getSampleModelTranslateY() * scanlineStride
              - raster.getSampleModelTranslateX();
      offsetR = shifts[0];
      offsetG = shifts[1];
      offsetB = shifts[2];
      return Layout.INT_PACKED;
    }
    rowScratch = new int[width * Math.max(bands, 1)];
    return Layout.GENERIC;
  }

  private static boolean isEightBitMasks(int[] masks) {
    for (int i = 0; i < Math.min(3, masks.length); i++) {
      if (Integer.bitCount(masks[i]) != 8) {
        return false;
      }
    }
    return masks.length >= 3;
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
    switch (layout) {
      case BYTE_GREY -> byteGreyRow(y, dst, offset);
      case BYTE_RGB -> byteRgbRow(y, dst, offset);
      case BYTE_CMYK -> byteCmykRow(y, dst, offset);
      case USHORT_GREY -> shortGreyRow(y, dst, offset);
      case USHORT_RGB -> shortRgbRow(y, dst, offset);
      case INT_PACKED -> intRow(y, dst, offset);
      case PALETTE -> paletteRow(y, dst, offset);
      default -> genericRow(y, dst, offset);
    }
  }

  private void byteGreyRow(int y, float[] dst, int offset) {
    byte[] data = bytes;
    int p = base + y * scanlineStride + offsetR;
    int step = pixelStride;
    for (int x = 0; x < width; x++, p += step) {
      dst[offset + x] = data[p] & 0xff;
    }
  }

  private void byteRgbRow(int y, float[] dst, int offset) {
    byte[] data = bytes;
    float[] red = RED;
    float[] green = GREEN;
    float[] blue = BLUE;
    int p = base + y * scanlineStride;
    int step = pixelStride;
    int r = offsetR;
    int g = offsetG;
    int b = offsetB;
    for (int x = 0; x < width; x++, p += step) {
      dst[offset + x] =
          (red[data[p + r] & 0xff] + green[data[p + g] & 0xff]) + blue[data[p + b] & 0xff];
    }
  }

  /**
   * Naive CMYK to RGB with no colour profile, as ImageMagick converted the reference's CMYK test
   * vector: R = (255 − C)·(255 − K) / 255 rounded, likewise G from M and B from Y, taking the
   * samples as stored (the JDK's reader returns them unconverted).
   */
  private void byteCmykRow(int y, float[] dst, int offset) {
    byte[] data = bytes;
    int p = base + y * scanlineStride;
    for (int x = 0; x < width; x++, p += pixelStride) {
      int white = 255 - (data[p + offsetK] & 0xff);
      dst[offset + x] =
          luma(
              inkToLevel(data[p + offsetR] & 0xff, white),
              inkToLevel(data[p + offsetG] & 0xff, white),
              inkToLevel(data[p + offsetB] & 0xff, white));
    }
  }

  private static int inkToLevel(int ink, int white) {
    return ((255 - ink) * white + 127) / 255;
  }

  private void shortGreyRow(int y, float[] dst, int offset) {
    short[] data = shorts;
    int p = base + y * scanlineStride + offsetR;
    for (int x = 0; x < width; x++, p += pixelStride) {
      dst[offset + x] = (data[p] & 0xffff) >>> 8;
    }
  }

  private void shortRgbRow(int y, float[] dst, int offset) {
    short[] data = shorts;
    int p = base + y * scanlineStride;
    for (int x = 0; x < width; x++, p += pixelStride) {
      dst[offset + x] =
          luma(
              (data[p + offsetR] & 0xffff) >>> 8,
              (data[p + offsetG] & 0xffff) >>> 8,
              (data[p + offsetB] & 0xffff) >>> 8);
    }
  }

  private void intRow(int y, float[] dst, int offset) {
    int[] data = ints;
    int p = base + y * scanlineStride;
    for (int x = 0; x < width; x++) {
      int v = data[p + x];
      dst[offset + x] =
          luma((v >>> offsetR) & 0xff, (v >>> offsetG) & 0xff, (v >>> offsetB) & 0xff);
    }
  }

  private void paletteRow(int y, float[] dst, int offset) {
    int[] indexes = raster.getSamples(0, y, width, 1, 0, rowScratch);
    for (int x = 0; x < width; x++) {
      dst[offset + x] = paletteLuma[indexes[x]];
    }
  }

  /** Any other layout: the colour model converts each pixel to 8-bit sRGB. */
  private void genericRow(int y, float[] dst, int offset) {
    int[] argb = image.getRGB(0, y, width, 1, rowScratch, 0, width);
    for (int x = 0; x < width; x++) {
      int v = argb[x];
      dst[offset + x] = luma((v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
    }
  }

  /** The reference's luminance of one 8-bit RGB pixel. */
  public static float luma(int r, int g, int b) {
    return (RED[r] + GREEN[g]) + BLUE[b];
  }

  private static float[] table(float coefficient) {
    float[] t = new float[256];
    for (int v = 0; v < 256; v++) {
      t[v] = coefficient * v;
    }
    return t;
  }
}
