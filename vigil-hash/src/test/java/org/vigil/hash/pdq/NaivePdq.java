package org.vigil.hash.pdq;

import java.util.Arrays;

/**
 * A deliberately plain second implementation of the PDQ steps, written straight from the algorithm
 * description (full-size buffers, one row or column at a time, every output divided). The fast
 * streaming {@link PdqHasher} must agree with it bit for bit on any image.
 */
final class NaivePdq {

  private NaivePdq() {}

  /** The 64×64 grid the reference feeds to the DCT. */
  static float[] grid(float[] luma, int width, int height) {
    if (width == 64 && height == 64) {
      return luma.clone();
    }
    float[] a = luma.clone();
    float[] b = new float[a.length];
    int windowX = (width + 127) / 128;
    int windowY = (height + 127) / 128;
    for (int pass = 0; pass < 2; pass++) {
      for (int y = 0; y < height; y++) {
        box(a, y * width, 1, b, width, windowX);
      }
      for (int x = 0; x < width; x++) {
        box(b, x, width, a, height, windowY);
      }
    }
    float[] grid = new float[64 * 64];
    for (int i = 0; i < 64; i++) {
      int row = (int) (((i + 0.5) * height) / 64);
      for (int j = 0; j < 64; j++) {
        int column = (int) (((j + 0.5) * width) / 64);
        grid[i * 64 + j] = a[row * width + column];
      }
    }
    return grid;
  }

  /** Box filter of one line: output i is the mean of the clipped window around i. */
  private static void box(float[] in, int start, int stride, float[] out, int length, int window) {
    int half = (window + 2) / 2;
    float sum = 0;
    int count = 0;
    int ri = 0;
    int li = 0;
    int oi = 0;
    for (int k = 0; k < half - 1; k++) {
      sum += in[start + stride * ri++];
      count++;
    }
    for (int k = 0; k < window - half + 1; k++) {
      sum += in[start + stride * ri++];
      count++;
      out[start + stride * oi++] = sum / count;
    }
    for (int k = 0; k < length - window; k++) {
      sum += in[start + stride * ri++];
      sum -= in[start + stride * li++];
      out[start + stride * oi++] = sum / count;
    }
    for (int k = 0; k < half - 1; k++) {
      sum -= in[start + stride * li++];
      count--;
      out[start + stride * oi++] = sum / count;
    }
  }

  static float[] dct(float[] grid) {
    double scale = (float) Math.sqrt(2.0 / 64);
    float[][] d = new float[16][64];
    for (int i = 0; i < 16; i++) {
      for (int k = 0; k < 64; k++) {
        d[i][k] = (float) (scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * k + 1)));
      }
    }
    float[][] t = new float[16][64];
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 64; j++) {
        float s = 0;
        for (int k = 0; k < 64; k++) {
          s += d[i][k] * grid[k * 64 + j];
        }
        t[i][j] = s;
      }
    }
    float[] b = new float[256];
    for (int i = 0; i < 16; i++) {
      for (int j = 0; j < 16; j++) {
        float s = 0;
        for (int k = 0; k < 64; k++) {
          s += t[i][k] * d[j][k];
        }
        b[i * 16 + j] = s;
      }
    }
    return b;
  }

  static int quality(float[] grid) {
    int sum = 0;
    for (int i = 0; i < 63; i++) {
      for (int j = 0; j < 64; j++) {
        sum += Math.abs((int) (((grid[i * 64 + j] - grid[(i + 1) * 64 + j]) * 100) / 255));
      }
    }
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 63; j++) {
        sum += Math.abs((int) (((grid[i * 64 + j] - grid[i * 64 + j + 1]) * 100) / 255));
      }
    }
    return Math.min(100, sum / 90);
  }

  static String hex(float[] dct) {
    float[] sorted = dct.clone();
    Arrays.sort(sorted);
    float median = sorted[127];
    StringBuilder hex = new StringBuilder();
    for (int word = 15; word >= 0; word--) {
      int bits = 0;
      for (int j = 0; j < 16; j++) {
        if (dct[word * 16 + j] > median) {
          bits |= 1 << j;
        }
      }
      hex.append(String.format("%04x", bits));
    }
    return hex.toString();
  }
}
