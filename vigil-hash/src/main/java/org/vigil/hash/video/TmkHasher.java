package org.vigil.hash.video;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.vigil.hash.MediaRejectedException;
import org.vigil.hash.pdq.PdqHasher;

/**
 * TMK+PDQF as the reference's {@code tmk-hash-video} computes it: FFmpeg scales every frame to
 * 64×64 (its default bicubic scaler) and resamples the video to 15 fps with the reference's own
 * command-line options ({@code -s 64:64 -r 15}); each 64×64 RGB frame's PDQ DCT (the 256 floats PDQ
 * would threshold, no blur at that size) is that frame's feature, folded into a {@link
 * TmkAccumulator}. Thread-safe; each call uses its own hasher and accumulator.
 */
public final class TmkHasher {

  private static final int SIZE = 64;

  private final Ffmpeg ffmpeg;
  private final VideoLimits limits;

  public TmkHasher(Ffmpeg ffmpeg, VideoLimits limits) {
    if (ffmpeg == null || limits == null) {
      throw new IllegalArgumentException("ffmpeg and limits are required");
    }
    this.ffmpeg = ffmpeg;
    this.limits = limits;
  }

  public TmkFeatures hash(Path file) throws IOException, MediaRejectedException {
    return hash(file, ffmpeg.probe(file, limits));
  }

  public TmkFeatures hash(Path file, VideoInfo info) throws IOException, MediaRejectedException {
    Collector collector = collector();
    ffmpeg.frames(file, info, List.of(collector.output()));
    return collector.result();
  }

  /**
   * TMK's share of a decode: the FFmpeg output to ask for and, once it has run, the hash. Lets
   * {@link VideoHasher} feed vPDQ and TMK from one decode.
   */
  Collector collector() {
    return new Collector();
  }

  /** Folds one FFmpeg output's 64×64 frames into a TMK accumulator. Not thread-safe. */
  final class Collector {
    private final TmkAccumulator tmk = new TmkAccumulator();
    private final Ffmpeg.Output output;

    private Collector() {
      PdqHasher pdq = new PdqHasher();
      RgbStreamLuma luma = new RgbStreamLuma(SIZE, SIZE);
      float[] feature = new float[256];
      long maxFrames =
          (long) Math.ceil(limits.maxDurationSeconds() * TmkAccumulator.FRAMES_PER_SECOND);
      this.output =
          new Ffmpeg.Output(
              List.of(
                  "-s",
                  SIZE + ":" + SIZE,
                  "-c:v",
                  "rawvideo",
                  "-r",
                  Integer.toString(TmkAccumulator.FRAMES_PER_SECOND)),
              SIZE,
              SIZE,
              (index, frame) -> {
                if (index > maxFrames) {
                  throw new MediaRejectedException(
                      MediaRejectedException.Reason.TOO_LONG,
                      "video runs past the limit of " + (long) limits.maxDurationSeconds() + " s");
                }
                luma.start(frame);
                pdq.floatFeature(luma, feature);
                luma.finish();
                tmk.add(feature);
              });
    }

    Ffmpeg.Output output() {
      return output;
    }

    TmkFeatures result() {
      return tmk.finish();
    }
  }
}
