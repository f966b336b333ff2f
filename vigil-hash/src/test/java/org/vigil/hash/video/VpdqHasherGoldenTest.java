package org.vigil.hash.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * vPDQ end to end (FFmpeg decoding, frame selection, RGB conversion, PDQ, timestamps) against the
 * reference's output files, byte for byte: one hash per second and every frame.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // each test runs FFmpeg
class VpdqHasherGoldenTest {

  private final VpdqHasher hasher = new VpdqHasher(VideoVectors.ffmpeg(), VideoLimits.DEFAULT);

  static Stream<Arguments> videosAndRates() {
    return VideoVectors.VIDEOS.stream()
        .flatMap(v -> Stream.of(Arguments.of(v, 1), Arguments.of(v, 0)));
  }

  @ParameterizedTest(name = "{0} -r {1}")
  @MethodSource("videosAndRates")
  void hash_referenceVideo_equalsReferenceOutputByteForByte(String video, int secondsPerHash)
      throws Exception {
    VpdqHash hash = hasher.hash(VideoVectors.video(video), secondsPerHash);

    String expected = VideoVectors.text("expected/vpdq/" + video + ".r" + secondsPerHash + ".txt");
    assertThat(hash.toText()).isEqualTo(expected);
  }
}
