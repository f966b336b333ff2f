package org.vigil.hash.video;

/**
 * What Vigil agrees to decode. Checked against the container's header before any frame is decoded,
 * and again while decoding (a header can lie about the duration).
 *
 * @param maxFramePixels frames declaring more pixels (width × height) are refused
 * @param maxDurationSeconds videos declaring (or decoding to) a longer duration are refused
 * @param maxFileBytes the largest video file taken in: whoever receives a video (the scan API)
 *     stops reading past it, before anything is decoded
 */
public record VideoLimits(long maxFramePixels, double maxDurationSeconds, long maxFileBytes) {

  /** 8K UHD frames (7680×4320 ≈ 33 M pixels), one hour, no file size limit. */
  public static final VideoLimits DEFAULT = new VideoLimits(7680L * 4320L, 3600);

  public VideoLimits {
    if (maxFramePixels < 25) {
      throw new IllegalArgumentException("maxFramePixels must be at least 25 (5x5)");
    }
    if (!(maxDurationSeconds > 0) || Double.isInfinite(maxDurationSeconds)) {
      throw new IllegalArgumentException("maxDurationSeconds must be a positive number");
    }
    if (maxFileBytes < 1) {
      throw new IllegalArgumentException("maxFileBytes must be positive");
    }
  }

  /** Limits on frames and duration only. */
  public VideoLimits(long maxFramePixels, double maxDurationSeconds) {
    this(maxFramePixels, maxDurationSeconds, Long.MAX_VALUE);
  }
}
