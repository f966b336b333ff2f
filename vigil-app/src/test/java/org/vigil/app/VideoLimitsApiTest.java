package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.auth.Role;
import org.vigil.core.json.Json;
import org.vigil.server.VigilServer;
import org.vigil.store.TestDatabases;

/**
 * The video configuration keys on a real server over HTTP on PostgreSQL: a video scan decodes once
 * (the real ffmpeg and ffprobe behind wrapper scripts that log each run), the video byte limit is
 * separate from the image one, and the duration limit, the decode timeout and "no video decoding"
 * each give their precise answer.
 */
@Timeout(300)
class VideoLimitsApiTest {

  @TempDir static Path dir;

  private static byte[] clip; // 4 s
  private static byte[] shortClip; // 1 s
  private static Path ffmpegLog;
  private static Path ffprobeLog;
  private static String countedFfmpeg;
  private static String countedFfprobe;

  /** Benign test patterns (FFmpeg's testsrc2) and the wrapper scripts. */
  @BeforeAll
  static void videos() throws Exception {
    clip = pattern("clip.mp4", 4);
    shortClip = pattern("short.mp4", 1);
    ffmpegLog = dir.resolve("ffmpeg.log");
    ffprobeLog = dir.resolve("ffprobe.log");
    countedFfmpeg = script("ffmpeg-counted", "echo run >> '" + ffmpegLog + "'\nexec ffmpeg \"$@\"");
    countedFfprobe =
        script("ffprobe-counted", "echo run >> '" + ffprobeLog + "'\nexec ffprobe \"$@\"");
  }

  @Test
  void scanUpload_videoOverVideoMaxBytesButImagesSmaller_limitsEachByItsOwnKey() throws Exception {
    VideoSettings video =
        VideoSettings.defaults()
            .withExecutables(countedFfmpeg, countedFfprobe)
            .withLimits(3600, clip.length);
    try (Server server = new Server(video, 1024)) {
      Files.deleteIfExists(ffmpegLog);
      Files.deleteIfExists(ffprobeLog);

      // A video exactly at VIGIL_VIDEO_MAX_BYTES, far over VIGIL_MAX_UPLOAD_BYTES (1 KB): scanned,
      // with one ffprobe and ONE ffmpeg run for both vPDQ and TMK.
      Reply scanned = server.upload(clip);
      assertThat(scanned.status()).as(scanned.body()).isEqualTo(200);
      assertThat(scanned.json().get("hashes").get("videoFrames").asInt()).isEqualTo(4);
      assertThat(Files.readAllLines(ffmpegLog)).hasSize(1);
      assertThat(Files.readAllLines(ffprobeLog)).hasSize(1);

      // One byte more: 413 before anything is decoded.
      Reply tooBig = server.upload(Arrays.copyOf(clip, clip.length + 1));
      assertThat(tooBig.status()).as(tooBig.body()).isEqualTo(413);
      assertThat(tooBig.json().get("error").asText()).isEqualTo("payload_too_large");
      assertThat(Files.readAllLines(ffmpegLog)).hasSize(1);

      // An image keeps the image limit.
      byte[] png = TestImages.shapesPng(1);
      assertThat(png.length).isGreaterThan(1024);
      Reply image = server.upload(png);
      assertThat(image.status()).as(image.body()).isEqualTo(413);
    }
  }

  @Test
  void scanUpload_longerThanMaxSeconds_is422BeforeDecoding_andSlowDecodeTimesOut()
      throws Exception {
    String slow = script("ffmpeg-slow", "sleep 30\nexec ffmpeg \"$@\"");
    // The decode limit also bounds ffprobe reading the header: 5 s leaves it room on a loaded
    // machine (at 1 s it timed out there first) while the 30 s sleep still outlasts it.
    VideoSettings video =
        new VideoSettings(slow, "ffprobe", 2, 100 * VigilConfig.MB, 7680L * 4320L, 1, 5, 1);
    try (Server server = new Server(video, 20 * VigilConfig.MB)) {
      Reply tooLong = server.upload(clip);
      assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(422);
      assertThat(tooLong.json().get("error").asText()).isEqualTo("video_too_long");
      assertThat(tooLong.json().get("field").asText()).isEqualTo("media");
      assertThat(tooLong.json().get("message").asText())
          .isEqualTo("video of 4 s exceeds the limit of 2 s");

      Reply timedOut = server.upload(shortClip);
      assertThat(timedOut.status()).as(timedOut.body()).isEqualTo(422);
      assertThat(timedOut.json().get("error").asText()).isEqualTo("video_too_long");
      assertThat(timedOut.json().get("message").asText())
          .isEqualTo("decoding the video took longer than the limit of 5 s");
    }
  }

  @Test
  void scanUpload_zeroConcurrentDecodes_refusesVideos415() throws Exception {
    VideoSettings video =
        VideoSettings.fromEnvironment(Map.of("VIGIL_VIDEO_CONCURRENT_DECODES", "0"));
    try (Server server = new Server(video, 20 * VigilConfig.MB)) {
      Reply reply = server.upload(shortClip);

      assertThat(reply.status()).as(reply.body()).isEqualTo(415);
      assertThat(reply.json().get("error").asText()).isEqualTo("unsupported_media");
      assertThat(reply.json().get("message").asText())
          .isEqualTo("this server does not hash videos");
    }
  }

  /** An HTTP answer. */
  private record Reply(int status, String body) {
    JsonNode json() throws Exception {
      return Json.MAPPER.readTree(body);
    }
  }

  /** A real server with the given video settings on its own PostgreSQL database. */
  private final class Server implements AutoCloseable {
    final VigilApp app;
    final VigilServer server;
    final String platform;

    Server(VideoSettings video, long maxUploadBytes) throws Exception {
      VigilConfig config =
          VigilConfig.fromEnvironment(Map.of())
              .withPort(0)
              .withDataDir(Files.createTempDirectory(dir, "data"))
              .withDbUrl(TestDatabases.postgresUrl())
              .withDemo(false)
              .withLimits(maxUploadBytes, 50_000_000L)
              .withVideo(video);
      app =
          VigilApp.open(
              config
                  .withDatabase(config.dbUrl(), null, null)
                  .withCourtOrderKeyFile(TestServer.SHARED_COURT_ORDER_KEY)
                  .withWebhook(null, null),
              Clock.systemUTC());
      Bootstrap.ensureAdminKey(app);
      platform = app.keys().create(Role.PLATFORM, "video limits test").secret();
      app.banks().loadAll();
      server = ServerWiring.start(app);
    }

    Reply upload(byte[] media) throws Exception {
      Multipart multipart = new Multipart().file("media", "upload.bin", "video/mp4", media);
      // A fresh client each time: after a 413 the server closes the connection it did not read.
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/v1/scan"))
                      .header("Authorization", "Bearer " + platform)
                      .header("Content-Type", multipart.contentType())
                      .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.build()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(response.statusCode(), response.body());
    }

    @Override
    public void close() {
      server.close();
      app.close();
    }
  }

  private static byte[] pattern(String name, int seconds) throws Exception {
    Path file = dir.resolve(name);
    List<String> command =
        new ArrayList<>(
            List.of(
                "ffmpeg",
                "-v",
                "error",
                "-y",
                "-nostdin",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-t",
                Integer.toString(seconds),
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p",
                file.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    return Files.readAllBytes(file);
  }

  private static String script(String name, String body) throws Exception {
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script.toString();
  }
}
