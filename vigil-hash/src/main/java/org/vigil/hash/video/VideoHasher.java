package org.vigil.hash.video;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.vigil.hash.MediaRejectedException;

/**
 * One video file → vPDQ and TMK+PDQF, probing the container once, enforcing {@link VideoLimits}
 * before decoding, and decoding once: one FFmpeg process feeds both hashers (a 1-minute 720p video
 * costs one H.264 decode instead of two; docs/video.md has the figures). At most {@code
 * maxConcurrentDecodes} files are decoded at once; further callers wait their turn. Thread-safe.
 */
public final class VideoHasher {

  /**
   * File name endings that announce a video: such a file is refused as "not a video" if it is not.
   */
  private static final Set<String> VIDEO_EXTENSIONS =
      Set.of(
          "mp4", "m4v", "mov", "3gp", "3g2", "mkv", "webm", "avi", "flv", "ts", "mts", "m2ts",
          "mpg", "mpeg", "ogv");

  private final Ffmpeg ffmpeg;
  private final VideoLimits limits;
  private final VpdqHasher vpdq;
  private final TmkHasher tmk;
  private final double secondsPerHash;
  private final Semaphore decodes;

  /** One hash per second, as many decodes at once as callers. */
  public VideoHasher(Ffmpeg ffmpeg, VideoLimits limits) {
    this(ffmpeg, limits, VpdqHasher.DEFAULT_SECONDS_PER_HASH, Integer.MAX_VALUE);
  }

  /**
   * @param secondsPerHash vPDQ samples one frame per this many seconds ({@link #hash(Path)}); 0 =
   *     every frame
   * @param maxConcurrentDecodes files decoded at once; FFmpeg decodes on several threads, so a
   *     server keeps this near half its cores
   */
  public VideoHasher(
      Ffmpeg ffmpeg, VideoLimits limits, double secondsPerHash, int maxConcurrentDecodes) {
    if (ffmpeg == null || limits == null) {
      throw new IllegalArgumentException("ffmpeg and limits are required");
    }
    VpdqHasher.frameMod(secondsPerHash, 1); // checks the value
    if (maxConcurrentDecodes < 1) {
      throw new IllegalArgumentException("maxConcurrentDecodes must be at least 1");
    }
    this.ffmpeg = ffmpeg;
    this.limits = limits;
    this.vpdq = new VpdqHasher(ffmpeg, limits);
    this.tmk = new TmkHasher(ffmpeg, limits);
    this.secondsPerHash = secondsPerHash;
    this.decodes = new Semaphore(maxConcurrentDecodes, true);
  }

  public VideoLimits limits() {
    return limits;
  }

  /** The vPDQ sampling {@link #hash(Path)} uses. */
  public double secondsPerHash() {
    return secondsPerHash;
  }

  /** Probes the file and computes both hashes, vPDQ at this hasher's sampling. */
  public VideoHashes hash(Path file) throws IOException, MediaRejectedException {
    return hash(file, secondsPerHash);
  }

  /**
   * Probes the file and computes both hashes from one decode; vPDQ samples one frame per {@code
   * secondsPerHash}.
   */
  public VideoHashes hash(Path file, double secondsPerHash)
      throws IOException, MediaRejectedException {
    try {
      decodes.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a video decoding slot");
    }
    try {
      VideoInfo info = ffmpeg.probe(file, limits);
      VpdqHasher.Collector frames = vpdq.collector(info, secondsPerHash);
      TmkHasher.Collector temporal = tmk.collector();
      ffmpeg.frames(file, info, List.of(frames.output(), temporal.output()));
      return new VideoHashes(info, frames.result(), temporal.result());
    } finally {
      decodes.release();
    }
  }

  /**
   * True when the file starts like a video container or its name ends like one (so that a text file
   * named {@code .mp4} is refused as "not a video", not as "not an image").
   */
  public static boolean isVideoFile(Path file) throws IOException {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot >= 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
      return true;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(VideoContainer.SNIFF_BYTES);
    }
    return VideoContainer.sniff(head, head.length).isPresent();
  }
}
