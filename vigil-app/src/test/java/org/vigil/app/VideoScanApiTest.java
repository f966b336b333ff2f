package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.auth.Role;
import org.vigil.hash.video.Ffmpeg;
import org.vigil.hash.video.TmkHasher;
import org.vigil.hash.video.VideoLimits;
import org.vigil.hash.video.VpdqFrame;
import org.vigil.hash.video.VpdqHash;
import org.vigil.hash.video.VpdqHasher;
import org.vigil.store.TestDatabases;

/**
 * POST /v1/scan with a video upload, over HTTP against a real server: the video's frames are
 * matched against PDQ image banks (a known image inside a video is a match naming the frame's
 * time), and broken videos get a precise 4xx.
 */
@Timeout(300)
class VideoScanApiTest {

  @TempDir static Path dir;

  private static TestServer server;
  private static String platform;
  private static byte[] clip;
  private static VpdqHash frames;
  private static String tmkBase64;
  private static byte[] copy;

  /** A benign 4-second test pattern made with the FFmpeg the server uses. */
  @BeforeAll
  static void start() throws Exception {
    Path file = dir.resolve("pattern.mp4");
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=25",
        "-t",
        "4",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        "-movflags",
        "+faststart",
        file.toString());
    clip = Files.readAllBytes(file);
    frames = new VpdqHasher(Ffmpeg.fromEnvironment(), VideoLimits.DEFAULT).hash(file, 1.0);
    tmkBase64 =
        java.util.Base64.getEncoder()
            .encodeToString(
                new TmkHasher(Ffmpeg.fromEnvironment(), VideoLimits.DEFAULT).hash(file).toBytes());
    // A re-encoded, downscaled copy: a different file showing the same video.
    Path smaller = dir.resolve("smaller.mp4");
    ffmpeg(
        "-i",
        file.toString(),
        "-vf",
        "scale=256:192",
        "-c:v",
        "libx264",
        "-crf",
        "30",
        "-pix_fmt",
        "yuv420p",
        smaller.toString());
    copy = Files.readAllBytes(smaller);
    server = new TestServer(TestDatabases.postgresUrl(), null, null, 8 * 1024 * 1024, 1_000_000);
    platform = server.key(Role.PLATFORM);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void scanUpload_videoShowingKnownImage_matchesWithFrameTime() {
    VpdqFrame known = frames.frames().get(2); // the frame at 2 s
    assertThat(known.quality()).isGreaterThanOrEqualTo(50);
    String admin = server.adminKey;
    server.send("POST", "/v1/banks", admin, "{\"name\":\"images\",\"action\":\"block\"}");
    TestServer.Reply signal =
        server.send(
            "POST",
            "/v1/banks/images/signals",
            admin,
            "{\"type\":\"pdq\",\"value\":\"" + known.hash().toHex() + "\"}");
    assertThat(signal.status()).isEqualTo(201);

    TestServer.Reply reply =
        upload(
            new Multipart()
                .file("media", "clip.mp4", "video/mp4", clip)
                .text("context", "{\"contentId\":\"vid-1\"}"));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode decision = reply.json();
    assertThat(decision.get("verdict").asText()).isEqualTo("block");
    JsonNode match = decision.get("matches").get(0);
    assertThat(match.get("bank").asText()).isEqualTo("images");
    assertThat(match.get("signalId").asLong()).isEqualTo(signal.json().get("id").asLong());
    assertThat(match.get("type").asText()).isEqualTo("pdq");
    assertThat(match.get("distance").asInt()).isZero();
    assertThat(match.get("timestamp").asDouble()).isEqualTo(2.0);
    assertThat(decision.get("hashes").get("videoFrames").asInt()).isEqualTo(4);
    assertThat(decision.get("hashes").get("sha256").asText()).hasSize(64);
    assertThat(decision.get("context").get("contentId").asText()).isEqualTo("vid-1");
    // The stored decision carries the frame time too.
    JsonNode stored =
        server
            .send("GET", "/v1/decisions/" + decision.get("decisionId").asText(), platform, null)
            .json();
    assertThat(stored.get("matches").get(0).get("timestamp").asDouble()).isEqualTo(2.0);
  }

  @Test
  void scanUpload_reencodedCopyOfBankedVideo_matchesVpdqAndTmk() {
    String admin = server.adminKey;
    server.send("POST", "/v1/banks", admin, "{\"name\":\"videos\",\"action\":\"review\"}");
    TestServer.Reply vpdq =
        server.send(
            "POST",
            "/v1/banks/videos/signals",
            admin,
            "{\"type\":\"vpdq\",\"value\":" + json(frames.toText()) + "}");
    assertThat(vpdq.status()).as(vpdq.body()).isEqualTo(201);
    assertThat(vpdq.json().get("value").asText()).isEqualTo(frames.toText());
    TestServer.Reply tmk =
        server.send(
            "POST",
            "/v1/banks/videos/signals",
            admin,
            "{\"type\":\"tmk\",\"value\":\"" + tmkBase64 + "\"}");
    assertThat(tmk.status()).as(tmk.body()).isEqualTo(201);

    JsonNode decision = upload(new Multipart().file("media", "copy.mp4", "video/mp4", copy)).json();

    // (another test's image bank blocks frames of the same clip: the verdict is the most severe)
    assertThat(decision.get("actions").toString()).contains("review");
    Map<String, JsonNode> byType = new java.util.HashMap<>();
    for (JsonNode match : decision.get("matches")) {
      if (match.get("bank").asText().equals("videos")) {
        byType.put(match.get("type").asText(), match);
      }
    }
    JsonNode vpdqMatch = byType.get("vpdq");
    assertThat(vpdqMatch.get("signalId").asLong()).isEqualTo(vpdq.json().get("id").asLong());
    assertThat(vpdqMatch.get("targetPercent").asDouble()).isGreaterThanOrEqualTo(80.0);
    assertThat(vpdqMatch.get("queryPercent").asDouble()).isGreaterThan(0.0);
    assertThat(vpdqMatch.has("timestamp")).isTrue();
    JsonNode tmkMatch = byType.get("tmk");
    assertThat(tmkMatch.get("signalId").asLong()).isEqualTo(tmk.json().get("id").asLong());
    assertThat(tmkMatch.get("level1").asDouble()).isGreaterThanOrEqualTo(0.7);
    assertThat(tmkMatch.get("level2").asDouble()).isGreaterThanOrEqualTo(0.7);

    // The video's decision went through the spine: a record with its vpdq and tmk signals, the
    // policy version and the rule that fired, whose queue_review opened a case.
    JsonNode stored =
        server
            .send("GET", "/v1/decisions/" + decision.get("decisionId").asText(), platform, null)
            .json();
    assertThat(stored.get("policyVersion").asText()).isNotBlank();
    List<String> signalTypes = new ArrayList<>();
    for (JsonNode signal : stored.get("signals")) {
      if (signal.get("kind").asText().equals("hash_match")
          && signal.get("bank").asText().equals("videos")) {
        signalTypes.add(signal.get("type").asText());
      }
    }
    assertThat(signalTypes).contains("vpdq", "tmk");
    List<String> rules = new ArrayList<>();
    stored.get("firedRules").forEach(rule -> rules.add(rule.get("rule").asText()));
    assertThat(rules).contains("bank-review");
    assertThat(stored.get("caseId").asText()).startsWith("case_");
    assertThat(decision.get("caseId").asText()).isEqualTo(stored.get("caseId").asText());
  }

  @Test
  void addSignal_brokenVideoValues_is422NamingValue() {
    String admin = server.adminKey;
    server.send("POST", "/v1/banks", admin, "{\"name\":\"broken\",\"action\":\"review\"}");

    TestServer.Reply vpdq =
        server.send(
            "POST",
            "/v1/banks/broken/signals",
            admin,
            "{\"type\":\"vpdq\",\"value\":\"0,100,nothex,0.000\"}");
    TestServer.Reply tmk =
        server.send(
            "POST", "/v1/banks/broken/signals", admin, "{\"type\":\"tmk\",\"value\":\"AAAA\"}");

    assertThat(vpdq.status()).isEqualTo(422);
    assertThat(vpdq.json().get("field").asText()).isEqualTo("value");
    assertThat(vpdq.json().get("message").asText()).contains("vPDQ line 1");
    assertThat(tmk.status()).isEqualTo(422);
    assertThat(tmk.json().get("message").asText()).contains("TMK");
  }

  @Test
  void import_ndjsonVideoSignals_addedOnceAndMatched() {
    String admin = server.adminKey;
    server.send("POST", "/v1/banks", admin, "{\"name\":\"imported\",\"action\":\"label\"}");
    // A 351 KB TMK line, a vPDQ with newlines inside its JSON string, a duplicate, a broken row.
    String tmkRow = "{\"type\":\"tmk\",\"value\":\"" + tmkBase64 + "\",\"externalId\":\"t-1\"}";
    String vpdqRow = "{\"type\":\"vpdq\",\"value\":" + json(frames.toText()) + "}";
    String ndjson =
        tmkRow + "\n" + vpdqRow + "\n" + vpdqRow + "\n" + "{\"type\":\"vpdq\",\"value\":\"1,2\"}\n";

    TestServer.Reply report =
        server.send(
            server
                .request("/v1/banks/imported/import?format=ndjson", admin)
                .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                .build());

    assertThat(report.status()).as(report.body()).isEqualTo(200);
    assertThat(report.json().get("added").asLong()).isEqualTo(2);
    assertThat(report.json().get("duplicates").asLong()).isEqualTo(1);
    assertThat(report.json().get("rejected").asLong()).isEqualTo(1);
    assertThat(report.json().get("errors").get(0).get("line").asLong()).isEqualTo(4);
    JsonNode decision = upload(new Multipart().file("media", "clip.mp4", "video/mp4", clip)).json();
    List<String> importedTypes = new ArrayList<>();
    for (JsonNode match : decision.get("matches")) {
      if (match.get("bank").asText().equals("imported")) {
        importedTypes.add(match.get("type").asText());
      }
    }
    assertThat(importedTypes).containsExactlyInAnyOrder("vpdq", "tmk");
  }

  private static String json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void scanUpload_truncatedVideo_is422CorruptMedia() {
    TestServer.Reply reply =
        upload(
            new Multipart()
                .file("media", "cut.mp4", "video/mp4", Arrays.copyOf(clip, clip.length / 2)));

    assertThat(reply.status()).as(reply.body()).isEqualTo(422);
    JsonNode error = reply.json();
    assertThat(error.get("error").asText()).isEqualTo("corrupt_media");
    assertThat(error.get("field").asText()).isEqualTo("media");
    assertThat(error.get("message").asText())
        .startsWith("corrupt or truncated video")
        .doesNotContain("vigil-upload");
  }

  @Test
  void scanUpload_textNamedMp4_is415() {
    TestServer.Reply reply =
        upload(new Multipart().file("media", "movie.mp4", "video/mp4", "just text".getBytes()));

    assertThat(reply.status()).as(reply.body()).isEqualTo(415);
    assertThat(reply.json().get("error").asText()).isEqualTo("unsupported_media");
  }

  private static TestServer.Reply upload(Multipart multipart) {
    return server.send(
        server
            .request("/v1/scan", platform)
            .header("Content-Type", multipart.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.build()))
            .build());
  }

  private static void ffmpeg(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-nostdin"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
  }
}
