package org.vigil.app;

import java.util.Map;
import org.vigil.hash.video.Ffmpeg;
import org.vigil.hash.video.VideoHasher;
import org.vigil.hash.video.VideoLimits;

/**
 * What a server agrees to do with an uploaded video (docs/video.md, "Limits"), kept together in one
 * component of {@link VigilConfig}; each key is validated at start and named in a one-line error.
 *
 * @param ffmpeg the ffmpeg executable, a path or a name on PATH (VIGIL_FFMPEG, {@code ffmpeg})
 * @param ffprobe the ffprobe executable (VIGIL_FFPROBE, {@code ffprobe})
 * @param maxSeconds videos declaring or decoding to a longer duration are refused, 422 {@code
 *     video_too_long} (VIGIL_VIDEO_MAX_SECONDS, 3600)
 * @param maxBytes largest video upload; over it 413 (VIGIL_VIDEO_MAX_BYTES, 2 GB). Images keep
 *     VIGIL_MAX_UPLOAD_BYTES. The upload is streamed to a temporary file, never held in memory.
 * @param maxFramePixels frames declaring more pixels are refused before decoding, 422 {@code
 *     image_too_large} (VIGIL_VIDEO_MAX_FRAME_PIXELS, 7680×4320)
 * @param secondsPerHash vPDQ samples one frame every this many seconds, i.e. a sampling rate of
 *     1/secondsPerHash frames per second; 0 = every frame (VIGIL_VIDEO_SECONDS_PER_HASH, 1: the
 *     reference's default and what shared vPDQ lists use, so percentages compare like with like)
 * @param decodeTimeoutSeconds an FFmpeg child running longer is killed and the scan answered 422
 *     {@code video_too_long} (VIGIL_VIDEO_DECODE_TIMEOUT_SECONDS, 3600)
 * @param concurrentDecodes videos decoded at once; further uploads wait for a slot; 0 = the server
 *     refuses videos (415) (VIGIL_VIDEO_CONCURRENT_DECODES, half the cores, at least 1)
 */
public record VideoSettings(
    String ffmpeg,
    String ffprobe,
    double maxSeconds,
    long maxBytes,
    long maxFramePixels,
    double secondsPerHash,
    long decodeTimeoutSeconds,
    int concurrentDecodes) {

  public VideoSettings {
    require(ffmpeg != null && !ffmpeg.isBlank(), "VIGIL_FFMPEG", "must name an executable");
    require(ffprobe != null && !ffprobe.isBlank(), "VIGIL_FFPROBE", "must name an executable");
    require(
        maxSeconds > 0 && maxSeconds <= 7 * 24 * 3600,
        "VIGIL_VIDEO_MAX_SECONDS",
        "must be between 1 and 604800 seconds, got " + plain(maxSeconds));
    require(maxBytes > 0, "VIGIL_VIDEO_MAX_BYTES", "must be positive, got " + maxBytes);
    require(
        maxFramePixels >= 25,
        "VIGIL_VIDEO_MAX_FRAME_PIXELS",
        "must be at least 25 (5x5), got " + maxFramePixels);
    require(
        secondsPerHash >= 0 && secondsPerHash <= 60,
        "VIGIL_VIDEO_SECONDS_PER_HASH",
        "must be between 0 (every frame) and 60, got " + plain(secondsPerHash));
    require(
        decodeTimeoutSeconds >= 1 && decodeTimeoutSeconds <= 24 * 3600,
        "VIGIL_VIDEO_DECODE_TIMEOUT_SECONDS",
        "must be between 1 and 86400, got " + decodeTimeoutSeconds);
    require(
        concurrentDecodes >= 0 && concurrentDecodes <= 256,
        "VIGIL_VIDEO_CONCURRENT_DECODES",
        "must be between 0 (videos refused) and 256, got " + concurrentDecodes);
  }

  public static VideoSettings defaults() {
    return fromEnvironment(Map.of());
  }

  /** Defaults, overridden by whichever of this record's variables {@code env} holds. */
  public static VideoSettings fromEnvironment(Map<String, String> env) {
    return new VideoSettings(
        text(env, "VIGIL_FFMPEG", "ffmpeg"),
        text(env, "VIGIL_FFPROBE", "ffprobe"),
        decimal(env, "VIGIL_VIDEO_MAX_SECONDS", 3600),
        whole(env, "VIGIL_VIDEO_MAX_BYTES", 2048 * VigilConfig.MB),
        whole(env, "VIGIL_VIDEO_MAX_FRAME_PIXELS", VideoLimits.DEFAULT.maxFramePixels()),
        decimal(env, "VIGIL_VIDEO_SECONDS_PER_HASH", 1),
        whole(env, "VIGIL_VIDEO_DECODE_TIMEOUT_SECONDS", 3600),
        (int)
            whole(
                env,
                "VIGIL_VIDEO_CONCURRENT_DECODES",
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
  }

  /** The hasher these settings describe, or null when videos are refused. */
  public VideoHasher hasher() {
    if (concurrentDecodes == 0) {
      return null;
    }
    return new VideoHasher(
        new Ffmpeg(ffmpeg, ffprobe, decodeTimeoutSeconds),
        new VideoLimits(maxFramePixels, maxSeconds, maxBytes),
        secondsPerHash,
        concurrentDecodes);
  }

  /** These settings with other limits (tests, and the operator's overrides). */
  public VideoSettings withLimits(double newMaxSeconds, long newMaxBytes) {
    return new VideoSettings(
        ffmpeg,
        ffprobe,
        newMaxSeconds,
        newMaxBytes,
        maxFramePixels,
        secondsPerHash,
        decodeTimeoutSeconds,
        concurrentDecodes);
  }

  /** These settings with other executables (a path or a name on PATH). */
  public VideoSettings withExecutables(String newFfmpeg, String newFfprobe) {
    return new VideoSettings(
        newFfmpeg,
        newFfprobe,
        maxSeconds,
        maxBytes,
        maxFramePixels,
        secondsPerHash,
        decodeTimeoutSeconds,
        concurrentDecodes);
  }

  private static void require(boolean condition, String key, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(key + " " + problem);
    }
  }

  private static String plain(double value) {
    return value == Math.rint(value) && !Double.isInfinite(value)
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static String text(Map<String, String> env, String key, String fallback) {
    String value = env.get(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static long whole(Map<String, String> env, String key, long fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'", e);
    }
  }

  private static double decimal(Map<String, String> env, String key, double fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value.trim());
      if (Double.isNaN(parsed) || Double.isInfinite(parsed)) {
        throw new NumberFormatException(value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got '" + value + "'", e);
    }
  }
}
