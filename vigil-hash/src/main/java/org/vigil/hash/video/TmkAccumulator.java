package org.vigil.hash.video;

/**
 * Builds {@link TmkFeatures} from per-frame features streamed one at a time, as the reference's TMK
 * does: the pure average sums the raw features; every frame's L2-normalised feature is added to
 * each period's cosine and sine features weighted by {@code cos}/{@code sin(2π·j·t/T)}, t the frame
 * number. At the end the average is divided by the frame count and each cosine/sine feature is
 * L2-normalised and scaled by {@code sqrt(c_j)}.
 *
 * <p>Arithmetic mirrors the reference's types, so results are bit-for-bit its results: features are
 * float; the weights are double (fdlibm's {@link StrictMath}); each weighted term is computed in
 * double and the float accumulator is updated in double and rounded back, as C++'s {@code float +=
 * float * double} does. Memory: 2·P·m·d floats (256 KB with the Poullot parameters), whatever the
 * video's length. Not thread-safe.
 */
public final class TmkAccumulator {

  /** Poullot's periods, in frames at 15 fps, as the reference uses them. */
  static final int[] POULLOT_PERIODS = {2731, 4391, 9767, 14653};

  /**
   * Poullot's Fourier coefficients for m = 32, β = 32 (modified Bessel function ratios), with the
   * values the reference tabulates, rounded to float.
   */
  static final float[] POULLOT_COEFFICIENTS = {
    0.0708041893112f, 0.13937789309f, 0.132897260304f, 0.122765735552f,
    0.109878684888f, 0.09529606433f, 0.0800986647852f, 0.0652590650356f,
    0.0515478238322f, 0.0394851531195f, 0.0293374252025f, 0.0211492623679f,
    0.0147973073245f, 0.0100512818746f, 0.0066306408014f, 0.00424947117334f,
    0.0026467615764f, 0.00160270959695f, 0.000943882629639f, 0.000540841638603f,
    0.000301633183798f, 0.000163800158855f, 8.66454753015e-05f, 4.46626303151e-05f,
    2.24429442235e-05f, 1.09982139799e-05f, 5.25823487999e-06f, 2.45358229988e-06f,
    1.11781474895e-06f, 4.97406489221e-07f, 2.16265487234e-07f, 9.19087006565e-08f
  };

  /** TMK's frame rate: videos are resampled to 15 frames per second. */
  public static final int FRAMES_PER_SECOND = 15;

  private final int dimension;
  private final int[] periods;
  private final float[] coefficients;
  private final float[] pureSum;
  private final float[][] cos;
  private final float[][] sin;
  private final float[] normalized;
  private final double[] cosWeights;
  private final double[] sinWeights;
  private int frames;
  private boolean finished;

  /** An accumulator with the reference's parameters: Poullot periods and coefficients, d = 256. */
  public TmkAccumulator() {
    this(256, POULLOT_PERIODS, POULLOT_COEFFICIENTS);
  }

  TmkAccumulator(int dimension, int[] periods, float[] coefficients) {
    this.dimension = dimension;
    this.periods = periods.clone();
    this.coefficients = coefficients.clone();
    int rows = periods.length * coefficients.length;
    this.pureSum = new float[dimension];
    this.cos = new float[rows][dimension];
    this.sin = new float[rows][dimension];
    this.normalized = new float[dimension];
    this.cosWeights = new double[coefficients.length];
    this.sinWeights = new double[coefficients.length];
  }

  /** Adds the next frame's feature (frame number = the number of frames added so far). */
  public void add(float[] feature) {
    if (finished) {
      throw new IllegalStateException("accumulator already finished");
    }
    if (feature.length != dimension) {
      throw new IllegalArgumentException("feature has " + feature.length + " values");
    }
    for (int k = 0; k < dimension; k++) {
      pureSum[k] += feature[k];
    }
    float norm = TmkFeatures.norm(feature);
    for (int k = 0; k < dimension; k++) {
      normalized[k] = norm > 0f ? feature[k] / norm : feature[k];
    }
    int t = frames;
    int m = coefficients.length;
    for (int i = 0; i < periods.length; i++) {
      double period = periods[i];
      for (int j = 1; j < m; j++) {
        double arg = 2.0 * Math.PI * j * (double) t / period;
        cosWeights[j] = StrictMath.cos(arg);
        sinWeights[j] = StrictMath.sin(arg);
      }
      float[] c0 = cos[i * m];
      for (int k = 0; k < dimension; k++) {
        c0[k] += normalized[k];
      }
      for (int j = 1; j < m; j++) {
        accumulate(cos[i * m + j], normalized, cosWeights[j]);
        accumulate(sin[i * m + j], normalized, sinWeights[j]);
      }
    }
    frames++;
  }

  private static void accumulate(float[] acc, float[] x, double w) {
    for (int k = 0; k < acc.length; k++) {
      acc[k] = (float) (acc[k] + x[k] * w);
    }
  }

  public int frames() {
    return frames;
  }

  /** Finishes and returns the features; the accumulator cannot be used afterwards. */
  public TmkFeatures finish() {
    if (finished) {
      throw new IllegalStateException("accumulator already finished");
    }
    finished = true;
    float[] average = pureSum.clone();
    int m = coefficients.length;
    if (frames > 0) {
      float count = frames;
      for (int k = 0; k < dimension; k++) {
        average[k] /= count;
      }
      for (int row = 0; row < cos.length; row++) {
        float scale = (float) Math.sqrt(coefficients[row % m]);
        normalizeAndScale(cos[row], scale);
        normalizeAndScale(sin[row], scale);
      }
    }
    return new TmkFeatures(
        FRAMES_PER_SECOND, frames, periods.clone(), coefficients.clone(), average, cos, sin);
  }

  private static void normalizeAndScale(float[] v, float scale) {
    float norm = TmkFeatures.norm(v);
    if (norm > 0f) {
      for (int k = 0; k < v.length; k++) {
        v[k] /= norm;
      }
    }
    for (int k = 0; k < v.length; k++) {
      v[k] *= scale;
    }
  }
}
