package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.core.auth.Role;
import org.vigil.hash.video.Ffmpeg;
import org.vigil.hash.video.TmkFeatures;
import org.vigil.hash.video.TmkHasher;
import org.vigil.hash.video.VideoLimits;
import org.vigil.hash.video.VpdqFrame;
import org.vigil.hash.video.VpdqHash;
import org.vigil.hash.video.VpdqHasher;
import org.vigil.store.TestDatabases;

/**
 * A bank's own video thresholds over HTTP on PostgreSQL: the bank API takes, validates and returns
 * them, and a video scan matches against each bank with its own values, exactly at the boundary
 * (computed here from the same hashes the server computes).
 */
@Timeout(300)
class BankVideoThresholdsApiTest {

  @TempDir static Path dir;

  private static final AtomicInteger BANKS = new AtomicInteger();
  private static TestServer server;
  private static String platform;
  private static VpdqHash clipFrames;
  private static String clipTmk;
  private static byte[] copy;
  private static VpdqHash copyFrames;
  private static TmkFeatures copyTmk;
  private static TmkFeatures clipTmkFeatures;

  /** A benign 4-second test pattern and a re-encoded, downscaled copy of it. */
  @BeforeAll
  static void start() throws Exception {
    Path clip = dir.resolve("pattern.mp4");
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
        clip.toString());
    Path smaller = dir.resolve("smaller.mp4");
    ffmpeg(
        "-i",
        clip.toString(),
        "-vf",
        "scale=256:192",
        "-c:v",
        "libx264",
        "-crf",
        "30",
        "-pix_fmt",
        "yuv420p",
        smaller.toString());
    Ffmpeg ffmpeg = Ffmpeg.fromEnvironment();
    VpdqHasher vpdq = new VpdqHasher(ffmpeg, VideoLimits.DEFAULT);
    TmkHasher tmk = new TmkHasher(ffmpeg, VideoLimits.DEFAULT);
    clipFrames = vpdq.hash(clip, 1.0);
    clipTmkFeatures = tmk.hash(clip);
    clipTmk = Base64.getEncoder().encodeToString(clipTmkFeatures.toBytes());
    copy = Files.readAllBytes(smaller);
    copyFrames = vpdq.hash(smaller, 1.0);
    copyTmk = tmk.hash(smaller);
    server = new TestServer(TestDatabases.postgresUrl(), null, null, 8 * 1024 * 1024, 1_000_000);
    platform = server.key(Role.PLATFORM);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void createBank_noVideoFields_returnsTodaysDefaults() {
    String name = bankName();
    TestServer.Reply created = server.send("POST", "/v1/banks", server.adminKey, bank(name, ""));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    for (JsonNode bank : List.of(created.json(), get(name))) {
      assertThat(bank.get("vpdqFrameDistance").asInt()).isEqualTo(31);
      assertThat(bank.get("vpdqQueryPercent").asDouble()).isEqualTo(0.0);
      assertThat(bank.get("vpdqTargetPercent").asDouble()).isEqualTo(80.0);
      assertThat(bank.get("tmkLevel1Threshold").asDouble()).isEqualTo(0.7);
      assertThat(bank.get("tmkLevel2Threshold").asDouble()).isEqualTo(0.7);
    }
  }

  @Test
  void createBank_allVideoFields_storedAndReturned() {
    String name = bankName();
    TestServer.Reply created =
        server.send(
            "POST",
            "/v1/banks",
            server.adminKey,
            bank(
                name,
                ",\"vpdqFrameDistance\":20,\"vpdqQueryPercent\":50.5,\"vpdqTargetPercent\":90,"
                    + "\"tmkLevel1Threshold\":0.75,\"tmkLevel2Threshold\":0.85"));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode bank = get(name);
    assertThat(bank.get("vpdqFrameDistance").asInt()).isEqualTo(20);
    assertThat(bank.get("vpdqQueryPercent").asDouble()).isEqualTo(50.5);
    assertThat(bank.get("vpdqTargetPercent").asDouble()).isEqualTo(90.0);
    assertThat(bank.get("tmkLevel1Threshold").asDouble()).isEqualTo(0.75);
    assertThat(bank.get("tmkLevel2Threshold").asDouble()).isEqualTo(0.85);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "vpdqFrameDistance, 257, must be between 0 and 256",
    "vpdqFrameDistance, -1, must be between 0 and 256",
    "vpdqQueryPercent, 100.5, must be between 0 and 100",
    "vpdqQueryPercent, -0.01, must be between 0 and 100",
    "vpdqTargetPercent, 101, must be between 0 and 100",
    "tmkLevel1Threshold, 1.01, must be between 0 and 1",
    "tmkLevel2Threshold, -0.1, must be between 0 and 1",
    "tmkLevel2Threshold, '\"high\"', wrong format",
  })
  void createBank_videoFieldOutOfRange_is422NamingTheField(
      String field, String value, String message) {
    String name = bankName();
    TestServer.Reply reply =
        server.send(
            "POST", "/v1/banks", server.adminKey, bank(name, ",\"" + field + "\":" + value));

    assertThat(reply.status()).as(reply.body()).isEqualTo(422);
    assertThat(reply.json().get("error").asText()).isEqualTo("invalid_field");
    assertThat(reply.json().get("field").asText()).isEqualTo(field);
    assertThat(reply.json().get("message").asText()).contains(message);
    assertThat(server.send("GET", "/v1/banks/" + name, server.adminKey, null).status())
        .isEqualTo(404);
  }

  @Test
  void updateBank_oneBadVideoField_is422AndChangesNothing() {
    String name = bankName();
    server.send("POST", "/v1/banks", server.adminKey, bank(name, ",\"vpdqTargetPercent\":70"));

    TestServer.Reply reply =
        server.send(
            "PATCH",
            "/v1/banks/" + name,
            server.adminKey,
            "{\"vpdqTargetPercent\":60,\"tmkLevel1Threshold\":7}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(422);
    assertThat(reply.json().get("field").asText()).isEqualTo("tmkLevel1Threshold");
    assertThat(reply.json().get("message").asText())
        .isEqualTo("tmkLevel1Threshold must be between 0 and 1, got 7");
    assertThat(get(name).get("vpdqTargetPercent").asDouble()).isEqualTo(70.0);
    assertThat(get(name).get("tmkLevel1Threshold").asDouble()).isEqualTo(0.7);
  }

  @Test
  void updateBank_someVideoFields_keepsTheOthers() {
    String name = bankName();
    server.send(
        "POST",
        "/v1/banks",
        server.adminKey,
        bank(name, ",\"vpdqFrameDistance\":25,\"tmkLevel2Threshold\":0.8"));

    TestServer.Reply reply =
        server.send("PATCH", "/v1/banks/" + name, server.adminKey, "{\"vpdqQueryPercent\":40}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode bank = get(name);
    assertThat(bank.get("vpdqQueryPercent").asDouble()).isEqualTo(40.0);
    assertThat(bank.get("vpdqFrameDistance").asInt()).isEqualTo(25);
    assertThat(bank.get("tmkLevel2Threshold").asDouble()).isEqualTo(0.8);
    assertThat(bank.get("vpdqTargetPercent").asDouble()).isEqualTo(80.0);
  }

  /**
   * The smallest frame distance at which every frame of the copy finds a frame of the original is
   * D: with the bank asking for 100 % of the query, distance D matches and D - 1 does not.
   */
  @Test
  void scanUpload_bankFrameDistance_decidesTheVpdqMatchAtTheBoundary() {
    int needed = 0;
    for (VpdqFrame q : copyFrames.frames()) {
      int best = 256;
      for (VpdqFrame t : clipFrames.frames()) {
        best = Math.min(best, q.hash().distance(t.hash()));
      }
      needed = Math.max(needed, best);
    }
    assertThat(needed).as("the re-encoded copy must differ from the original").isBetween(1, 31);
    String name = bankName();
    server.send(
        "POST",
        "/v1/banks",
        server.adminKey,
        bank(name, ",\"vpdqQueryPercent\":100,\"vpdqFrameDistance\":" + (needed - 1)));
    addSignal(name, "vpdq", json(clipFrames.toText()));

    assertThat(matches(scan(), name, "vpdq")).isEmpty();

    patch(name, "{\"vpdqFrameDistance\":" + needed + "}");
    List<JsonNode> found = matches(scan(), name, "vpdq");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("queryPercent").asDouble()).isEqualTo(100.0);
  }

  /** With the copy's own level-2 score as the bank's threshold it matches; a float above, not. */
  @Test
  void scanUpload_bankTmkThresholds_decideTheTmkMatchAtTheBoundary() {
    float level1 = TmkFeatures.level1(copyTmk, clipTmkFeatures);
    float level2 = TmkFeatures.level2(copyTmk, clipTmkFeatures);
    assertThat(level1).isLessThan(1f).isGreaterThan(0f);
    assertThat(level2).isLessThan(1f).isGreaterThan(0f);
    String name = bankName();
    server.send(
        "POST",
        "/v1/banks",
        server.adminKey,
        bank(
            name,
            ",\"tmkLevel1Threshold\":"
                + (double) level1
                + ",\"tmkLevel2Threshold\":"
                + (double) Math.nextUp(level2)));
    addSignal(name, "tmk", "\"" + clipTmk + "\"");

    assertThat(matches(scan(), name, "tmk")).isEmpty();

    patch(name, "{\"tmkLevel2Threshold\":" + (double) level2 + "}");
    List<JsonNode> found = matches(scan(), name, "tmk");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("level1").asDouble()).isEqualTo((double) level1);
    assertThat(found.get(0).get("level2").asDouble()).isEqualTo((double) level2);

    patch(name, "{\"tmkLevel1Threshold\":" + (double) Math.nextUp(level1) + "}");
    assertThat(matches(scan(), name, "tmk")).isEmpty();
  }

  /** Two banks holding the same video, one strict: each decides with its own thresholds. */
  @Test
  void scanUpload_twoBanksSameVideo_eachUsesItsOwnTargetPercent() {
    String lenient = bankName();
    String strict = bankName();
    server.send("POST", "/v1/banks", server.adminKey, bank(lenient, ",\"vpdqFrameDistance\":0"));
    server.send(
        "POST",
        "/v1/banks",
        server.adminKey,
        bank(strict, ",\"vpdqFrameDistance\":0,\"vpdqTargetPercent\":100.0"));
    // The original's frames plus one frame the upload will not contain: 4 of 5 = 80 %.
    List<VpdqFrame> withExtra = new ArrayList<>(clipFrames.frames());
    VpdqFrame last = withExtra.get(withExtra.size() - 1);
    withExtra.add(
        new VpdqFrame(
            last.frameNumber() + 25,
            100,
            org.vigil.hash.PdqHash.fromHex("f".repeat(64)),
            last.timestamp() + 1f));
    String value = json(new VpdqHash(withExtra).toText());
    addSignal(lenient, "vpdq", value);
    addSignal(strict, "vpdq", value);

    JsonNode decision = upload(originalClip());

    assertThat(matches(decision, lenient, "vpdq")).hasSize(1);
    assertThat(matches(decision, lenient, "vpdq").get(0).get("targetPercent").asDouble())
        .isEqualTo(80.0);
    assertThat(matches(decision, strict, "vpdq")).isEmpty();
  }

  private static byte[] originalClip() {
    try {
      return Files.readAllBytes(dir.resolve("pattern.mp4"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode scan() {
    return upload(copy);
  }

  private static JsonNode upload(byte[] video) {
    Multipart multipart = new Multipart().file("media", "clip.mp4", "video/mp4", video);
    TestServer.Reply reply =
        server.send(
            server
                .request("/v1/scan", platform)
                .header("Content-Type", multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.build()))
                .build());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  private static List<JsonNode> matches(JsonNode decision, String bank, String type) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode match : decision.get("matches")) {
      if (match.get("bank").asText().equals(bank) && match.get("type").asText().equals(type)) {
        found.add(match);
      }
    }
    return found;
  }

  private static void addSignal(String bank, String type, String jsonValue) {
    TestServer.Reply reply =
        server.send(
            "POST",
            "/v1/banks/" + bank + "/signals",
            server.adminKey,
            "{\"type\":\"" + type + "\",\"value\":" + jsonValue + "}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
  }

  private static void patch(String bank, String body) {
    TestServer.Reply reply = server.send("PATCH", "/v1/banks/" + bank, server.adminKey, body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
  }

  private static JsonNode get(String name) {
    TestServer.Reply reply = server.send("GET", "/v1/banks/" + name, server.adminKey, null);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  private static String bankName() {
    return "video-thresholds-" + BANKS.incrementAndGet();
  }

  private static String bank(String name, String moreFields) {
    return "{\"name\":\"" + name + "\",\"action\":\"review\"" + moreFields + "}";
  }

  private static String json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void ffmpeg(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-nostdin"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
  }
}
