package org.vigil.hash.video;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.MediaRejectedException.Reason;
import org.vigil.hash.pdq.PdqHasher;
import org.vigil.hash.pdq.PdqResult;

/**
 * vPDQ as Meta's reference computes it (facts in docs/video.md): every {@code (int)(secondsPerHash
 * × frameRate)}-th decoded frame (1 when that is 0) is converted to RGB24 at its own size and
 * PDQ-hashed at full resolution; the timestamp is {@code (float) frame / (float) frameRate}.
 *
 * <p>Frame selection runs inside FFmpeg ({@code select} on the decoded-frame counter, {@code
 * -fps_mode passthrough} so no frame is duplicated or dropped): frames nobody hashes are decoded
 * but never converted to RGB or piped. Thread-safe; each call uses its own {@link PdqHasher}.
 */
public final class VpdqHasher {

  /** The reference's default and the common choice for hash lists: one frame per second. */
  public static final double DEFAULT_SECONDS_PER_HASH = 1.0;

  private final Ffmpeg ffmpeg;
  private final VideoLimits limits;

  public VpdqHasher(Ffmpeg ffmpeg, VideoLimits limits) {
    if (ffmpeg == null || limits == null) {
      throw new IllegalArgumentException("ffmpeg and limits are required");
    }
    this.ffmpeg = ffmpeg;
    this.limits = limits;
  }

  /** Probes and hashes a video file, one frame per {@code secondsPerHash} (0 = every frame). */
  public VpdqHash hash(Path file, double secondsPerHash)
      throws IOException, MediaRejectedException {
    return hash(file, ffmpeg.probe(file, limits), secondsPerHash);
  }

  /** Hashes a video already probed. */
  public VpdqHash hash(Path file, VideoInfo info, double secondsPerHash)
      throws IOException, MediaRejectedException {
    Collector collector = collector(info, secondsPerHash);
    ffmpeg.frames(file, info, List.of(collector.output()));
    return collector.result();
  }

  /**
   * vPDQ's share of a decode: the FFmpeg output to ask for and, once it has run, the hash. Lets
   * {@link VideoHasher} feed vPDQ and TMK from one decode.
   */
  Collector collector(VideoInfo info, double secondsPerHash) {
    return new Collector(info, frameMod(secondsPerHash, info.frameRate()));
  }

  /** Collects the selected frames' hashes from one FFmpeg output. Not thread-safe. */
  final class Collector {
    private final Ffmpeg.Output output;
    private final List<VpdqFrame> frames = new ArrayList<>();

    private Collector(VideoInfo info, int frameMod) {
      List<String> options = new ArrayList<>();
      if (frameMod > 1) {
        options.addAll(List.of("-vf", "select=not(mod(n\\," + frameMod + "))"));
      }
      options.addAll(List.of("-fps_mode", "passthrough"));
      float frameRate = (float) info.frameRate();
      PdqHasher pdq = new PdqHasher();
      RgbStreamLuma luma = new RgbStreamLuma(info.width(), info.height());
      this.output =
          new Ffmpeg.Output(
              options,
              info.width(),
              info.height(),
              (index, frame) -> {
                long frameNumber = (long) index * frameMod;
                checkDuration(frameNumber / info.frameRate());
                luma.start(frame);
                PdqResult result = pdq.hash(luma);
                luma.finish();
                frames.add(
                    new VpdqFrame(
                        frameNumber,
                        result.quality(),
                        result.hash(),
                        (float) frameNumber / frameRate));
              });
    }

    Ffmpeg.Output output() {
      return output;
    }

    VpdqHash result() {
      return new VpdqHash(frames);
    }
  }

  /**
   * The reference's frame step: {@code (int)(secondsPerHash × frameRate)}, with secondsPerHash read
   * as a 32-bit float as its command line does; 0 becomes 1 (every frame).
   */
  static int frameMod(double secondsPerHash, double frameRate) {
    if (!(secondsPerHash >= 0) || Double.isInfinite(secondsPerHash)) {
      throw new IllegalArgumentException("secondsPerHash must be a non-negative number");
    }
    int mod = (int) ((double) (float) secondsPerHash * frameRate);
    return Math.max(mod, 1);
  }

  private void checkDuration(double seconds) throws MediaRejectedException {
    if (seconds > limits.maxDurationSeconds()) {
      throw new MediaRejectedException(
          Reason.TOO_LONG,
          String.format(
              Locale.ROOT,
              "video runs past the limit of %.0f s (its header understated its length)",
              limits.maxDurationSeconds()));
    }
  }
}
