package org.vigil.hash.video;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.vigil.hash.MediaRejectedException;

/**
 * One video file → vPDQ and TMK+PDQF, probing the container once and enforcing {@link VideoLimits}
 * before decoding. Thread-safe.
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

  public VideoHasher(Ffmpeg ffmpeg, VideoLimits limits) {
    this.ffmpeg = ffmpeg;
    this.limits = limits;
    this.vpdq = new VpdqHasher(ffmpeg, limits);
    this.tmk = new TmkHasher(ffmpeg, limits);
  }

  public VideoLimits limits() {
    return limits;
  }

  /**
   * Probes the file and computes both hashes; vPDQ samples one frame per {@code secondsPerHash}.
   */
  public VideoHashes hash(Path file, double secondsPerHash)
      throws IOException, MediaRejectedException {
    VideoInfo info = ffmpeg.probe(file, limits);
    return new VideoHashes(info, vpdq.hash(file, info, secondsPerHash), tmk.hash(file, info));
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
