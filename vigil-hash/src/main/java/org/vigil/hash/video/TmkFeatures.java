package org.vigil.hash.video;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A TMK+PDQF video hash: Meta's temporal match kernel over per-frame PDQ float features, in the
 * reference's {@code .tmk} file layout (little-endian):
 *
 * <pre>
 *   "TMK1" "FVEC" "PDQF"  int32 framesPerSecond  int32 P  int32 m  int32 d  int32 frameCount
 *   P int32 periods, m float32 Fourier coefficients, d float32 pure-average feature,
 *   P·m cosine features of d float32 (period-major), then P·m sine features likewise
 * </pre>
 *
 * With the Poullot parameters (4 periods, 32 coefficients, d = 256) a file is 263,344 bytes.
 * Scoring follows the reference's two levels: {@link #level1} is the cosine similarity of the
 * pure-average features, {@link #level2} the normalised kernel score at the best time offset; the
 * reference's default match is both at least 0.7.
 *
 * <p>Arrays are owned by the instance and never exposed; immutable after construction.
 */
public final class TmkFeatures {

  /** The reference's default thresholds (tmk_default_thresholds.h) for both levels. */
  public static final float DEFAULT_LEVEL1_THRESHOLD = 0.7f;

  public static final float DEFAULT_LEVEL2_THRESHOLD = 0.7f;

  private static final String PROJECT = "TMK1";
  private static final String FILE_TYPE = "FVEC";
  private static final String ALGORITHM = "PDQF";
  private static final int HEADER_BYTES = 32;
  private static final int MAX_PERIODS = 64;
  private static final int MAX_COEFFICIENTS = 256;
  private static final int MAX_DIMENSION = 4096;

  private final int framesPerSecond;
  private final int frameCount;
  private final int[] periods;
  private final float[] coefficients;
  private final float[] pureAverage;
  private final float[][] cos; // [period * m + coefficient][d]
  private final float[][] sin;

  TmkFeatures(
      int framesPerSecond,
      int frameCount,
      int[] periods,
      float[] coefficients,
      float[] pureAverage,
      float[][] cos,
      float[][] sin) {
    this.framesPerSecond = framesPerSecond;
    this.frameCount = frameCount;
    this.periods = periods;
    this.coefficients = coefficients;
    this.pureAverage = pureAverage;
    this.cos = cos;
    this.sin = sin;
  }

  public int framesPerSecond() {
    return framesPerSecond;
  }

  /** Frames after resampling to {@link #framesPerSecond()} (informational). */
  public int frameCount() {
    return frameCount;
  }

  public int dimension() {
    return pureAverage.length;
  }

  /** Bytes held by this signature's arrays (each with its 16-byte header). */
  public long memoryBytes() {
    long bytes = 16 + 4L * periods.length + 16 + 4L * coefficients.length;
    bytes += 16 + 4L * pureAverage.length;
    for (float[][] vectors : List.of(cos, sin)) {
      bytes += 16 + 8L * vectors.length;
      for (float[] v : vectors) {
        bytes += 16 + 4L * v.length;
      }
    }
    return bytes;
  }

  /** A copy of the pure-average feature (mean PDQF over all frames). */
  public float[] pureAverage() {
    return pureAverage.clone();
  }

  /** The {@code .tmk} file bytes. */
  public byte[] toBytes() {
    int p = periods.length;
    int m = coefficients.length;
    int d = pureAverage.length;
    ByteBuffer out =
        ByteBuffer.allocate(HEADER_BYTES + 4 * (p + m + d + 2 * p * m * d))
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put((PROJECT + FILE_TYPE + ALGORITHM).getBytes(StandardCharsets.US_ASCII));
    out.putInt(framesPerSecond).putInt(p).putInt(m).putInt(d).putInt(frameCount);
    for (int period : periods) {
      out.putInt(period);
    }
    putFloats(out, coefficients);
    putFloats(out, pureAverage);
    for (float[] v : cos) {
      putFloats(out, v);
    }
    for (float[] v : sin) {
      putFloats(out, v);
    }
    return out.array();
  }

  /**
   * Reads a {@code .tmk} file.
   *
   * @throws IllegalArgumentException naming what is wrong (magic, sizes, length)
   */
  public static TmkFeatures fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER_BYTES) {
      throw new IllegalArgumentException("TMK data is shorter than its 32-byte header");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    String magic = new String(bytes, 0, 12, StandardCharsets.US_ASCII);
    if (!magic.equals(PROJECT + FILE_TYPE + ALGORITHM)) {
      throw new IllegalArgumentException(
          "not a TMK+PDQF feature file (expected magic TMK1FVECPDQF)");
    }
    in.position(12);
    int fps = in.getInt();
    int p = in.getInt();
    int m = in.getInt();
    int d = in.getInt();
    int frameCount = in.getInt();
    if (fps <= 0 || p < 0 || p > MAX_PERIODS || m < 0 || m > MAX_COEFFICIENTS || d <= 0) {
      throw new IllegalArgumentException("TMK header has impossible sizes");
    }
    if (d > MAX_DIMENSION) {
      throw new IllegalArgumentException("TMK feature dimension " + d + " is too large");
    }
    long expected = HEADER_BYTES + 4L * (p + m + d + 2L * p * m * d);
    if (bytes.length != expected) {
      throw new IllegalArgumentException(
          "TMK data is " + bytes.length + " bytes; its header implies " + expected);
    }
    int[] periods = new int[p];
    for (int i = 0; i < p; i++) {
      periods[i] = in.getInt();
      if (periods[i] <= 0) {
        throw new IllegalArgumentException("TMK period " + i + " is not positive");
      }
    }
    float[] coefficients = getFloats(in, m);
    float[] pureAverage = getFloats(in, d);
    float[][] cos = new float[p * m][];
    float[][] sin = new float[p * m][];
    for (int i = 0; i < cos.length; i++) {
      cos[i] = getFloats(in, d);
    }
    for (int i = 0; i < sin.length; i++) {
      sin[i] = getFloats(in, d);
    }
    return new TmkFeatures(fps, frameCount, periods, coefficients, pureAverage, cos, sin);
  }

  /**
   * True when the two hashes were made with the same parameters and can be scored: frame rate,
   * periods, Fourier coefficients (to a relative 1e-6, as the reference checks) and dimension.
   */
  public static boolean compatible(TmkFeatures a, TmkFeatures b) {
    if (a.framesPerSecond != b.framesPerSecond
        || !Arrays.equals(a.periods, b.periods)
        || a.coefficients.length != b.coefficients.length
        || a.pureAverage.length != b.pureAverage.length) {
      return false;
    }
    for (int i = 0; i < a.coefficients.length; i++) {
      float ca = a.coefficients[i];
      float cb = b.coefficients[i];
      float max = Math.max(Math.abs(ca), Math.abs(cb));
      if (max > 0 && Math.abs((ca - cb) / max) > 1e-6f) {
        return false;
      }
    }
    return true;
  }

  /** Level 1: cosine similarity of the pure-average features, -1..1 (0 when both are zero). */
  public static float level1(TmkFeatures a, TmkFeatures b) {
    requireCompatible(a, b);
    return cosineSimilarity(a.pureAverage, b.pureAverage);
  }

  static float cosineSimilarity(float[] u, float[] v) {
    float nu = norm(u);
    float nv = norm(v);
    if (nu == 0f && nv == 0f) {
      return 0f;
    }
    return dot(u, v) / (nu * nv);
  }

  /**
   * Level 2: for each period, the kernel score of every time offset modulo the period is evaluated
   * from the 4·m dot products of the cosine and sine features; the best over offsets and periods,
   * divided by the kernel's normaliser ({@code c0 + 2·Σ c_j}), is the score (about 0..1).
   */
  public static float level2(TmkFeatures a, TmkFeatures b) {
    requireCompatible(a, b);
    int m = a.coefficients.length;
    if (a.periods.length == 0 || m == 0) {
      return 0f;
    }
    float[] cc = new float[m];
    float[] ss = new float[m];
    float[] sc = new float[m];
    float[] cs = new float[m];
    float best = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < a.periods.length; i++) {
      for (int j = 0; j < m; j++) {
        int row = i * m + j;
        cc[j] = dot(a.cos[row], b.cos[row]);
        ss[j] = dot(a.sin[row], b.sin[row]);
        sc[j] = dot(a.sin[row], b.cos[row]);
        cs[j] = dot(a.cos[row], b.sin[row]);
      }
      best = Math.max(best, bestOffsetScore(a.periods[i], cc, ss, sc, cs));
    }
    return best / a.pairScoreNormalizer();
  }

  /**
   * max over offsets δ = 2π·offset/period of K(δ) = cc₀ + Σ_j cos(jδ)(cc_j + ss_j) + sin(jδ)(sc_j −
   * cs_j), with cos(jδ) and sin(jδ) advanced by the angle-addition recurrence in float as the
   * reference does (its result differs from direct evaluation in the last bits).
   */
  private static float bestOffsetScore(int period, float[] cc, float[] ss, float[] sc, float[] cs) {
    int m = cc.length;
    float[] plus = new float[m];
    float[] minus = new float[m];
    for (int j = 0; j < m; j++) {
      plus[j] = cc[j] + ss[j];
      minus[j] = sc[j] - cs[j];
    }
    float best = Float.NEGATIVE_INFINITY;
    for (int offset = 0; offset < period; offset++) {
      float delta = (float) (2.0 * Math.PI * (float) offset / (float) period);
      float k = cc[0];
      float cosJd = 1f;
      float sinJd = 0f;
      float beta = (float) StrictMath.sin(delta);
      float half = (float) StrictMath.sin(delta / 2);
      float alpha = 2 * half * half;
      for (int j = 1; j < m; j++) {
        float nextCos = (alpha * cosJd) + (beta * sinJd);
        float nextSin = (alpha * sinJd) - (beta * cosJd);
        cosJd -= nextCos;
        sinJd -= nextSin;
        k += cosJd * plus[j];
        k += sinJd * minus[j];
      }
      if (k > best) {
        best = k;
      }
    }
    return best;
  }

  private float pairScoreNormalizer() {
    if (coefficients.length == 0) {
      return 1f;
    }
    float sum = coefficients[0];
    for (int j = 1; j < coefficients.length; j++) {
      sum = (float) (sum + 2.0 * coefficients[j]);
    }
    return sum;
  }

  private static void requireCompatible(TmkFeatures a, TmkFeatures b) {
    if (!compatible(a, b)) {
      throw new IllegalArgumentException(
          "TMK hashes made with different parameters cannot be compared");
    }
  }

  static float dot(float[] u, float[] v) {
    float sum = 0f;
    for (int i = 0; i < u.length; i++) {
      sum += u[i] * v[i];
    }
    return sum;
  }

  static float norm(float[] u) {
    float sum = 0f;
    for (float e : u) {
      sum += e * e;
    }
    return (float) Math.sqrt(sum);
  }

  private static void putFloats(ByteBuffer out, float[] values) {
    for (float v : values) {
      out.putFloat(v);
    }
  }

  private static float[] getFloats(ByteBuffer in, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = in.getFloat();
    }
    return values;
  }
}
