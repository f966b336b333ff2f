package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.hash.video.VideoHasher;

/** The video keys of the configuration: defaults, overrides and one-line errors naming the key. */
class VideoSettingsTest {

  @Test
  void fromEnvironment_nothingSet_todaysDefaults() {
    VideoSettings video = VigilConfig.fromEnvironment(Map.of()).video();

    assertThat(video.ffmpeg()).isEqualTo("ffmpeg");
    assertThat(video.ffprobe()).isEqualTo("ffprobe");
    assertThat(video.maxSeconds()).isEqualTo(3600.0);
    assertThat(video.maxBytes()).isEqualTo(2048 * VigilConfig.MB);
    assertThat(video.maxFramePixels()).isEqualTo(7680L * 4320L);
    assertThat(video.secondsPerHash()).isEqualTo(1.0);
    assertThat(video.decodeTimeoutSeconds()).isEqualTo(3600);
    assertThat(video.concurrentDecodes())
        .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
  }

  @Test
  void fromEnvironment_everyKeySet_reachesTheHasher() {
    VigilConfig config =
        VigilConfig.fromEnvironment(
            Map.of(
                "VIGIL_FFMPEG", "/opt/ffmpeg/bin/ffmpeg",
                "VIGIL_FFPROBE", "/opt/ffmpeg/bin/ffprobe",
                "VIGIL_VIDEO_MAX_SECONDS", "600",
                "VIGIL_VIDEO_MAX_BYTES", "104857600",
                "VIGIL_VIDEO_MAX_FRAME_PIXELS", "2073600",
                "VIGIL_VIDEO_SECONDS_PER_HASH", "0.5",
                "VIGIL_VIDEO_DECODE_TIMEOUT_SECONDS", "120",
                "VIGIL_VIDEO_CONCURRENT_DECODES", "3"));

    VideoHasher hasher = config.video().hasher();

    assertThat(config.video().ffmpeg()).isEqualTo("/opt/ffmpeg/bin/ffmpeg");
    assertThat(config.video().decodeTimeoutSeconds()).isEqualTo(120);
    assertThat(config.video().concurrentDecodes()).isEqualTo(3);
    assertThat(hasher.limits().maxDurationSeconds()).isEqualTo(600.0);
    assertThat(hasher.limits().maxFileBytes()).isEqualTo(104_857_600L);
    assertThat(hasher.limits().maxFramePixels()).isEqualTo(2_073_600L);
    assertThat(hasher.secondsPerHash()).isEqualTo(0.5);
    // The server reads bodies up to the larger of the image and video limits.
    assertThat(config.maxRequestBytes()).isEqualTo(104_857_600L);
  }

  @Test
  void hasher_zeroConcurrentDecodes_isNoneSoVideosAreRefused() {
    VideoSettings video =
        VideoSettings.fromEnvironment(Map.of("VIGIL_VIDEO_CONCURRENT_DECODES", "0"));

    assertThat(video.hasher()).isNull();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "VIGIL_VIDEO_MAX_SECONDS|0|VIGIL_VIDEO_MAX_SECONDS must be between 1 and 604800 seconds,"
            + " got 0",
        "VIGIL_VIDEO_MAX_SECONDS|an hour|VIGIL_VIDEO_MAX_SECONDS must be a number, got 'an hour'",
        "VIGIL_VIDEO_MAX_SECONDS|NaN|VIGIL_VIDEO_MAX_SECONDS must be a number, got 'NaN'",
        "VIGIL_VIDEO_MAX_BYTES|-5|VIGIL_VIDEO_MAX_BYTES must be positive, got -5",
        "VIGIL_VIDEO_MAX_BYTES|2GB|VIGIL_VIDEO_MAX_BYTES must be a whole number, got '2GB'",
        "VIGIL_VIDEO_MAX_FRAME_PIXELS|16|VIGIL_VIDEO_MAX_FRAME_PIXELS must be at least 25 (5x5),"
            + " got 16",
        "VIGIL_VIDEO_SECONDS_PER_HASH|-1|VIGIL_VIDEO_SECONDS_PER_HASH must be between 0 (every"
            + " frame) and 60, got -1",
        "VIGIL_VIDEO_SECONDS_PER_HASH|61|VIGIL_VIDEO_SECONDS_PER_HASH must be between 0 (every"
            + " frame) and 60, got 61",
        "VIGIL_VIDEO_DECODE_TIMEOUT_SECONDS|0|VIGIL_VIDEO_DECODE_TIMEOUT_SECONDS must be between 1"
            + " and 86400, got 0",
        "VIGIL_VIDEO_CONCURRENT_DECODES|-1|VIGIL_VIDEO_CONCURRENT_DECODES must be between 0"
            + " (videos refused) and 256, got -1",
        "VIGIL_VIDEO_CONCURRENT_DECODES|lots|VIGIL_VIDEO_CONCURRENT_DECODES must be a whole"
            + " number, got 'lots'",
      })
  void fromEnvironment_badValue_oneLineErrorNamingTheKey(String key, String value, String error) {
    assertThatThrownBy(() -> VigilConfig.fromEnvironment(Map.of(key, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(error)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
