package org.vigil.hash.pdq;

import java.util.Arrays;
import org.vigil.hash.PdqHash;

/**
 * PDQ, Meta's 256-bit perceptual image hash, computed bit for bit as the reference does (the facts
 * relied on are in docs/pdq.md, with sources).
 *
 * <p>Memory layout and why. The reference blurs a full-size float copy of the image four times (row
 * box, column box, row box, column box), walking every column of a multi-megabyte buffer, then
 * keeps 64 rows and 64 columns. This class produces the same floats while streaming the image once
 * through buffers that stay in the L1/L2 cache:
 *
 * <ul>
 *   <li>Rows arrive {@link #BATCH} at a time from the {@link LumaSource} into {@code lumaBatch}.
 *   <li>Row box (pass 1): each row is a running float sum, a sequential chain that cannot be
 *       vectorised. Eight rows' chains run interleaved so the CPU overlaps their latencies; the
 *       chains store raw sums, and the divisions by the window count then run as one vectorisable
 *       loop (same quotient, so same bits).
 *   <li>Column box (pass 1): a ring of {@code window + BATCH} rows and one running sum per column;
 *       each incoming row updates all column sums at once (vectorised) and emits one output row.
 *   <li>Row box (pass 2): the same chains, but only the 64 sampled columns are divided and kept.
 *   <li>Column box (pass 2): 64 columns wide; only the 64 sampled rows are divided and stored in
 *       the 64×64 grid.
 * </ul>
 *
 * Every running sum adds the entering value and then subtracts the leaving one in the reference's
 * order, so skipping the unused outputs changes no bit. The DCT keeps the reference's summation
 * order (k ascending from 0, no fused multiply-add, which Java never does implicitly); at about
 * 80,000 multiply-adds it costs under 0.1 ms and is left simple.
 *
 * <p>An instance owns its buffers (grown to the widest image seen, never shrunk) and is not
 * thread-safe: use one per thread. Nothing is allocated per pixel.
 */
public final class PdqHasher {

  /** Rows whose running sums are interleaved; eight chains saturate the adders of a modern core. */
  static final int BATCH = 8;

  private static final int GRID = 64;
  private static final int FREQUENCIES = 16;
  private static final int BITS = FREQUENCIES * FREQUENCIES;
  private static final int MIN_DIMENSION = 5;

  /** D[i][k], frequencies 1..16 by 64 samples, row-major. */
  private static final float[] DCT_MATRIX = dctMatrix();

  /** Dᵀ[k][j] = D[j][k], so the second product also runs along contiguous rows. */
  private static final float[] DCT_MATRIX_TRANSPOSED = transpose(DCT_MATRIX, FREQUENCIES, GRID);

  // Every row is its own array: C2 (JDK 17) vectorises a loop only when all its array accesses
  // share one offset, so rows are never addressed at an offset inside a shared array.
  private float[][] lumaBatch = new float[BATCH][0];
  private float[][] rowSums = new float[BATCH][0];
  private float[] windowCounts = new float[0];
  private float[][] firstColumnOut = new float[BATCH][0];
  private final ColumnBox firstColumns = new ColumnBox();
  private final ColumnBox secondColumns = new ColumnBox();
  private final float[] secondColumnOut = new float[GRID];
  private final int[] sampleColumns = new int[GRID];
  private final int[] sampleRows = new int[GRID];
  private int nextSampleRow;

  private final float[] grid = new float[GRID * GRID];
  private final float[] dctHalf = new float[FREQUENCIES * GRID];
  private final float[] dct = new float[BITS];
  private final float[] variant = new float[BITS];
  private final float[] sortScratch = new float[BITS];

  /** Hashes an image; images narrower or shorter than 5 pixels give all zeros and quality 0. */
  public PdqResult hash(LumaSource image) {
    if (!computeDct(image)) {
      return new PdqResult(new PdqHash(0, 0, 0, 0), 0);
    }
    return new PdqResult(threshold(dct), quality());
  }

  /** Hashes an image and derives the seven other {@link Dihedral} variants from the same DCT. */
  public PdqDihedralResult hashDihedral(LumaSource image) {
    PdqHash[] hashes = new PdqHash[Dihedral.values().length];
    if (!computeDct(image)) {
      Arrays.fill(hashes, new PdqHash(0, 0, 0, 0));
      return new PdqDihedralResult(hashes, 0);
    }
    for (Dihedral d : Dihedral.values()) {
      transform(dct, d, variant);
      hashes[d.ordinal()] = threshold(variant);
    }
    return new PdqDihedralResult(hashes, quality());
  }

  /**
   * The 256 DCT coefficients PDQ thresholds, without thresholding: TMK's "PDQF" frame feature.
   * {@code dst[16i + j]} is coefficient [i][j] (hash bit 16i + j), as the reference's float hash.
   *
   * @return the PDQ quality of the image; 0 (and all-zero coefficients) below 5 pixels a side
   */
  public int floatFeature(LumaSource image, float[] dst) {
    if (dst.length < BITS) {
      throw new IllegalArgumentException("dst must hold " + BITS + " floats");
    }
    if (!computeDct(image)) {
      Arrays.fill(dst, 0, BITS, 0f);
      return 0;
    }
    System.arraycopy(dct, 0, dst, 0, BITS);
    return quality();
  }

  /** The 64×64 downsampled luminance of the last image hashed (row-major), for debugging. */
  float[] lastGrid() {
    return grid.clone();
  }

  /** The 16×16 DCT of the last image hashed (row-major, [i][j] is hash bit 16i + j). */
  float[] lastDct() {
    return dct.clone();
  }

  private boolean computeDct(LumaSource image) {
    int width = image.width();
    int height = image.height();
    if (width < MIN_DIMENSION || height < MIN_DIMENSION) {
      return false;
    }
    if (width == GRID && height == GRID) {
      // The reference hashes a 64x64 image as is: no blur, no decimation.
      for (int y = 0; y < GRID; y++) {
        image.lumaRow(y, grid, y * GRID);
      }
    } else {
      blurAndDecimate(image, width, height);
    }
    dct16();
    return true;
  }

  // ---------------------------------------------------------------- blur and decimation

  private void blurAndDecimate(LumaSource image, int width, int height) {
    int windowX = (width + 127) / 128;
    int windowY = (height + 127) / 128;
    prepare(width, windowX);
    for (int i = 0; i < GRID; i++) {
      sampleColumns[i] = (int) (((i + 0.5) * width) / GRID);
      sampleRows[i] = (int) (((i + 0.5) * height) / GRID);
    }
    nextSampleRow = 0;
    firstColumns.reset(width, height, windowY, BATCH);
    secondColumns.reset(GRID, height, windowY, BATCH);

    int pending = 0; // rows waiting in firstColumnOut for the second row pass
    for (int y = 0; y < height; y += BATCH) {
      int rows = Math.min(BATCH, height - y);
      for (int r = 0; r < rows; r++) {
        image.lumaRow(y + r, lumaBatch[r], 0);
      }
      runningRowSums(lumaBatch, rowSums, rows, width, windowX);
      for (int r = 0; r < rows; r++) {
        divide(rowSums[r], windowCounts, firstColumns.slot(y + r), width);
      }
      for (int r = 0; r < rows; r++) {
        if (firstColumns.push(firstColumnOut[pending], true) >= 0 && ++pending == BATCH) {
          secondPass(pending, width, windowX);
          pending = 0;
        }
      }
    }
    while (firstColumns.hasPendingOutput()) {
      firstColumns.finishStep(firstColumnOut[pending], true);
      if (++pending == BATCH) {
        secondPass(pending, width, windowX);
        pending = 0;
      }
    }
    if (pending > 0) {
      secondPass(pending, width, windowX);
    }
    while (secondColumns.hasPendingOutput()) {
      int row = secondColumns.finishStep(secondColumnOut, isSampledRow(secondColumns.produced));
      storeSampledRow(row);
    }
  }

  /** Row box of pass 2 on {@code rows} rows of pass-1 output, then their column box. */
  private void secondPass(int rows, int width, int windowX) {
    runningRowSums(firstColumnOut, rowSums, rows, width, windowX);
    for (int r = 0; r < rows; r++) {
      float[] slot = secondColumns.slot(secondColumns.pushed);
      float[] sums = rowSums[r];
      for (int j = 0; j < GRID; j++) {
        int x = sampleColumns[j];
        slot[j] = sums[x] / windowCounts[x];
      }
      int row = secondColumns.push(secondColumnOut, isSampledRow(secondColumns.produced));
      storeSampledRow(row);
    }
  }

  private boolean isSampledRow(int row) {
    return nextSampleRow < GRID && sampleRows[nextSampleRow] == row;
  }

  private void storeSampledRow(int row) {
    while (row >= 0 && nextSampleRow < GRID && sampleRows[nextSampleRow] == row) {
      System.arraycopy(secondColumnOut, 0, grid, nextSampleRow * GRID, GRID);
      nextSampleRow++;
    }
  }

  private void prepare(int width, int windowX) {
    if (lumaBatch[0].length < width) {
      lumaBatch = new float[BATCH][width];
      rowSums = new float[BATCH][width];
      firstColumnOut = new float[BATCH][width];
    }
    if (windowCounts.length < width) {
      windowCounts = new float[width];
    }
    // The reference divides each running sum by the number of values in the window at that
    // position; replay its four phases to get the same counts.
    int half = (windowX + 2) / 2;
    int count = half - 1;
    int out = 0;
    for (int i = 0; i < windowX - half + 1; i++) {
      windowCounts[out++] = ++count;
    }
    for (int i = 0; i < width - windowX; i++) {
      windowCounts[out++] = count;
    }
    for (int i = 0; i < half - 1; i++) {
      windowCounts[out++] = --count;
    }
  }

  private static void divide(float[] sums, float[] counts, float[] dst, int length) {
    for (int x = 0; x < length; x++) {
      dst[x] = sums[x] / counts[x];
    }
  }

  /**
   * The running sums of a box filter along each of {@code rows} rows of {@code length} values (row
   * r at offset r * length): sums[r][i] is what the reference divides to get output i.
   */
  static void runningRowSums(float[][] in, float[][] sums, int rows, int length, int window) {
    if (rows == BATCH) {
      eightRowSums(in, sums, length, window);
    } else {
      for (int r = 0; r < rows; r++) {
        oneRowSums(in[r], sums[r], 0, length, window);
      }
    }
  }

  /**
   * One row's chain in the reference's four phases: fill without output; grow the window with
   * output; slide (add the entering value, then subtract the leaving one); shrink.
   */
  private static void oneRowSums(float[] in, float[] sums, int offset, int length, int window) {
    int half = (window + 2) / 2;
    float s = 0;
    int ri = offset;
    int oi = offset;
    int end = offset + length;
    for (; ri < offset + half - 1; ri++) {
      s += in[ri];
    }
    for (; ri < offset + window; ri++) {
      s += in[ri];
      sums[oi++] = s;
    }
    for (int li = offset; ri < end; ri++, li++) {
      s += in[ri];
      s -= in[li];
      sums[oi++] = s;
    }
    for (int li = end - window; oi < end; li++) {
      s -= in[li];
      sums[oi++] = s;
    }
  }

  /** {@link #oneRowSums} for eight rows at once, interleaved so their chains overlap. */
  private static void eightRowSums(float[][] ins, float[][] outs, int n, int window) {
    int half = (window + 2) / 2;
    final float[] i0 = ins[0];
    final float[] i1 = ins[1];
    final float[] i2 = ins[2];
    final float[] i3 = ins[3];
    final float[] i4 = ins[4];
    final float[] i5 = ins[5];
    final float[] i6 = ins[6];
    final float[] i7 = ins[7];
    final float[] u0 = outs[0];
    final float[] u1 = outs[1];
    final float[] u2 = outs[2];
    final float[] u3 = outs[3];
    final float[] u4 = outs[4];
    final float[] u5 = outs[5];
    final float[] u6 = outs[6];
    final float[] u7 = outs[7];
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int ri = 0;
    for (; ri < half - 1; ri++) {
      s0 += i0[ri];
      s1 += i1[ri];
      s2 += i2[ri];
      s3 += i3[ri];
      s4 += i4[ri];
      s5 += i5[ri];
      s6 += i6[ri];
      s7 += i7[ri];
    }
    int oi = 0;
    for (; ri < window; ri++, oi++) {
      s0 += i0[ri];
      s1 += i1[ri];
      s2 += i2[ri];
      s3 += i3[ri];
      s4 += i4[ri];
      s5 += i5[ri];
      s6 += i6[ri];
      s7 += i7[ri];
      u0[oi] = s0;
      u1[oi] = s1;
      u2[oi] = s2;
      u3[oi] = s3;
      u4[oi] = s4;
      u5[oi] = s5;
      u6[oi] = s6;
      u7[oi] = s7;
    }
    for (int li = 0; ri < n; ri++, li++, oi++) {
      s0 += i0[ri];
      s0 -= i0[li];
      s1 += i1[ri];
      s1 -= i1[li];
      s2 += i2[ri];
      s2 -= i2[li];
      s3 += i3[ri];
      s3 -= i3[li];
      s4 += i4[ri];
      s4 -= i4[li];
      s5 += i5[ri];
      s5 -= i5[li];
      s6 += i6[ri];
      s6 -= i6[li];
      s7 += i7[ri];
      s7 -= i7[li];
      u0[oi] = s0;
      u1[oi] = s1;
      u2[oi] = s2;
      u3[oi] = s3;
      u4[oi] = s4;
      u5[oi] = s5;
      u6[oi] = s6;
      u7[oi] = s7;
    }
    for (int li = n - window; oi < n; li++, oi++) {
      s0 -= i0[li];
      s1 -= i1[li];
      s2 -= i2[li];
      s3 -= i3[li];
      s4 -= i4[li];
      s5 -= i5[li];
      s6 -= i6[li];
      s7 -= i7[li];
      u0[oi] = s0;
      u1[oi] = s1;
      u2[oi] = s2;
      u3[oi] = s3;
      u4[oi] = s4;
      u5[oi] = s5;
      u6[oi] = s6;
      u7[oi] = s7;
    }
  }

  /**
   * A box filter down the columns, fed one row at a time. Rows live in a ring of {@code window +
   * extra} slots (the caller may fill {@code extra} rows ahead of the one it pushes); one running
   * sum per column. Each step runs over all columns, which the JIT vectorises.
   */
  static final class ColumnBox {
    private float[][] ring = new float[0][0];
    private float[] sum = new float[0];
    private int width;
    private int total;
    private int window;
    private int half;
    private int slots;
    private int count;
    int pushed;
    int produced;

    void reset(int width, int total, int window, int extra) {
      this.width = width;
      this.total = total;
      this.window = window;
      this.half = (window + 2) / 2;
      this.slots = window + extra;
      if (ring.length < slots || ring[0].length < width) {
        ring = new float[slots][width];
      }
      if (sum.length < width) {
        sum = new float[width];
      }
      Arrays.fill(sum, 0, width, 0f);
      count = 0;
      pushed = 0;
      produced = 0;
    }

    /** The ring slot holding (or about to hold) row {@code row}. */
    float[] slot(int row) {
      return ring[row % slots];
    }

    /**
     * Takes row {@code pushed}, already written to its {@link #slot}. Returns the index of the
     * output row this produced (written to {@code dst} when {@code want}), or -1 while filling.
     */
    int push(float[] dst, boolean want) {
      int row = pushed++;
      float[] in = slot(row);
      float[] s = sum;
      int n = width;
      if (row < window) {
        for (int x = 0; x < n; x++) {
          s[x] += in[x];
        }
        count++;
        if (row < half - 1) {
          return -1;
        }
      } else {
        float[] out = slot(row - window);
        for (int x = 0; x < n; x++) {
          s[x] = (s[x] + in[x]) - out[x];
        }
      }
      return emit(dst, want);
    }

    boolean hasPendingOutput() {
      return produced < total;
    }

    /** After the last push: drops the oldest row from the window and emits the next output. */
    int finishStep(float[] dst, boolean want) {
      float[] out = slot(total - window + (produced - (total - half + 1)));
      float[] s = sum;
      int n = width;
      for (int x = 0; x < n; x++) {
        s[x] -= out[x];
      }
      count--;
      return emit(dst, want);
    }

    private int emit(float[] dst, boolean want) {
      if (want) {
        float c = count;
        float[] s = sum;
        int n = width;
        for (int x = 0; x < n; x++) {
          dst[x] = s[x] / c;
        }
      }
      return produced++;
    }
  }

  // ---------------------------------------------------------------- quality, DCT, threshold

  /**
   * The reference's quality: the summed absolute gradients of the 64×64 grid, each truncated to an
   * integer percentage of 255, divided by 90 and capped at 100.
   */
  private int quality() {
    int sum = 0;
    for (int i = 0; i < GRID - 1; i++) {
      for (int j = 0; j < GRID; j++) {
        float d = ((grid[i * GRID + j] - grid[(i + 1) * GRID + j]) * 100) / 255;
        sum += Math.abs((int) d);
      }
    }
    for (int i = 0; i < GRID; i++) {
      for (int j = 0; j < GRID - 1; j++) {
        float d = ((grid[i * GRID + j] - grid[i * GRID + j + 1]) * 100) / 255;
        sum += Math.abs((int) d);
      }
    }
    return Math.min(sum / 90, 100);
  }

  /**
   * B = D·A·Dᵀ for frequencies 1..16. Each element is a float sum over k ascending from zero, as in
   * the reference; the innermost loops run along j, which keeps that order for every element.
   */
  private void dct16() {
    Arrays.fill(dctHalf, 0f);
    for (int i = 0; i < FREQUENCIES; i++) {
      int t = i * GRID;
      for (int k = 0; k < GRID; k++) {
        float d = DCT_MATRIX[i * GRID + k];
        int a = k * GRID;
        for (int j = 0; j < GRID; j++) {
          dctHalf[t + j] += d * grid[a + j];
        }
      }
    }
    Arrays.fill(dct, 0f);
    for (int i = 0; i < FREQUENCIES; i++) {
      int b = i * FREQUENCIES;
      for (int k = 0; k < GRID; k++) {
        float t = dctHalf[i * GRID + k];
        int dt = k * FREQUENCIES;
        for (int j = 0; j < FREQUENCIES; j++) {
          dct[b + j] += t * DCT_MATRIX_TRANSPOSED[dt + j];
        }
      }
    }
  }

  /** Bit k is set when value k is strictly above the lower median (the 128th smallest). */
  private PdqHash threshold(float[] values) {
    System.arraycopy(values, 0, sortScratch, 0, BITS);
    Arrays.sort(sortScratch);
    float median = sortScratch[BITS / 2 - 1];
    long[] words = new long[4];
    for (int k = 0; k < BITS; k++) {
      if (values[k] > median) {
        words[k >>> 6] |= 1L << (k & 63);
      }
    }
    return new PdqHash(words[0], words[1], words[2], words[3]);
  }

  /**
   * The DCT of a rotated or mirrored image, from the original's: cosine basis functions of odd
   * frequency change sign under reflection, and a quarter turn transposes.
   */
  static void transform(float[] b, Dihedral d, float[] out) {
    for (int i = 0; i < FREQUENCIES; i++) {
      for (int j = 0; j < FREQUENCIES; j++) {
        float v = b[i * FREQUENCIES + j];
        boolean iEven = (i & 1) == 0;
        boolean jEven = (j & 1) == 0;
        boolean sumOdd = ((i + j) & 1) == 1;
        boolean transpose;
        boolean negate;
        switch (d) {
          case ORIGINAL -> {
            transpose = false;
            negate = false;
          }
          case ROTATE_90 -> {
            transpose = true;
            negate = jEven;
          }
          case ROTATE_180 -> {
            transpose = false;
            negate = sumOdd;
          }
          case ROTATE_270 -> {
            transpose = true;
            negate = iEven;
          }
          case FLIP_X -> {
            transpose = false;
            negate = iEven;
          }
          case FLIP_Y -> {
            transpose = false;
            negate = jEven;
          }
          case FLIP_PLUS_1 -> {
            transpose = true;
            negate = false;
          }
          default -> {
            transpose = true;
            negate = sumOdd;
          }
        }
        int target = transpose ? j * FREQUENCIES + i : i * FREQUENCIES + j;
        out[target] = negate ? -v : v;
      }
    }
  }

  /** D[i][k] = sqrt(2/64) · cos(π/128 · (i+1) · (2k+1)), the scale rounded to float first. */
  private static float[] dctMatrix() {
    float scale = (float) StrictMath.sqrt(2.0 / GRID);
    float[] d = new float[FREQUENCIES * GRID];
    for (int i = 0; i < FREQUENCIES; i++) {
      for (int k = 0; k < GRID; k++) {
        d[i * GRID + k] =
            (float) (scale * StrictMath.cos((Math.PI / 2 / GRID) * (i + 1) * (2 * k + 1)));
      }
    }
    return d;
  }

  private static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }
}
