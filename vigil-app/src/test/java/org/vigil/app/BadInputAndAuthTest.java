package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/** Authentication, authorisation and hostile input, over HTTP against one real server. */
class BadInputAndAuthTest {

  private static TestServer server;
  private static String platform;

  @BeforeAll
  static void start() {
    // A 1 MB upload limit and 1 megapixel limit make the limits cheap to exceed.
    server = new TestServer(TestDatabases.postgresUrl(), null, null, 1024 * 1024, 1_000_000);
    platform = server.key(Role.PLATFORM);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertError(TestServer.Reply reply, int status, String code, String field) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    JsonNode body = reply.json();
    assertThat(body.get("error").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank();
    if (field != null) {
      assertThat(body.get("field").asText()).isEqualTo(field);
    }
    assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void anyV1Call_missingOrUnknownKey_is401() {
    assertError(server.send("GET", "/v1/banks", null, null), 401, "unauthenticated", null);
    assertError(
        server.send("GET", "/v1/banks", "vk_nope.nope", null), 401, "unauthenticated", null);
    assertError(server.send("POST", "/v1/scan", "garbage", "{}"), 401, "unauthenticated", null);
    TestServer.Reply basic =
        server.send(
            server.request("/v1/banks", "x").header("Authorization", "Basic abc").GET().build());
    assertThat(basic.status()).isEqualTo(401);
  }

  @Test
  void endpoints_wrongRole_is403() {
    assertError(
        server.send("POST", "/v1/banks", platform, "{\"name\":\"x\"}"), 403, "forbidden", null);
    String auditor = server.key(Role.AUDITOR);
    assertError(
        server.send(
            "POST", "/v1/scan", auditor, "{\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"}}"),
        403,
        "forbidden",
        null);
    String moderator = server.key(Role.MODERATOR);
    assertError(
        server.send("POST", "/v1/keys", moderator, "{\"role\":\"admin\"}"), 403, "forbidden", null);
  }

  @Test
  void revokedKey_is401Immediately() {
    TestServer.Reply created =
        server.send("POST", "/v1/keys", server.adminKey, "{\"role\":\"platform\"}");
    String key = created.json().get("key").asText();
    String id = created.json().get("id").asText();
    assertThat(
            server
                .send("POST", "/v1/scan", key, "{\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"}}")
                .status())
        .isEqualTo(200);
    assertThat(server.send("DELETE", "/v1/keys/" + id, server.adminKey, null).status())
        .isEqualTo(204);
    assertError(
        server.send("POST", "/v1/scan", key, "{\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"}}"),
        401,
        "unauthenticated",
        null);
  }

  @Test
  void scanJson_malformedOrInvalid_isPrecise4xx() {
    assertError(
        server.send("POST", "/v1/scan", platform, "{\"hashes\": {"), 400, "malformed_json", null);
    assertError(server.send("POST", "/v1/scan", platform, ""), 400, "malformed_json", null);
    assertError(
        server.send("POST", "/v1/scan", platform, "{\"hashes\":{\"pdq\":\"abc\"}}"),
        422,
        "invalid_field",
        "hashes.pdq");
    assertError(
        server.send(
            "POST", "/v1/scan", platform, "{\"hashes\":{\"md5\":\"" + "g".repeat(32) + "\"}}"),
        422,
        "invalid_field",
        "hashes.md5");
    assertError(
        server.send(
            "POST", "/v1/scan", platform, "{\"hashes\":{\"sha256\":\"" + "a".repeat(63) + "\"}}"),
        422,
        "invalid_field",
        "hashes.sha256");
    assertError(
        server.send("POST", "/v1/scan", platform, "{\"hashes\":{}}"),
        422,
        "invalid_field",
        "hashes");
    assertError(
        server.send(
            "POST",
            "/v1/scan",
            platform,
            "{\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"},\"extra\":1}"),
        422,
        "unknown_field",
        "extra");
    assertError(
        server.send("POST", "/v1/scan", platform, "{\"hashes\":{\"pdq\":5}}"),
        422,
        "invalid_field",
        "hashes.pdq");
    assertError(
        server.send(
            "POST",
            "/v1/scan",
            platform,
            "{\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"},\"context\":{\"a\":{\"b\":1}}}"),
        422,
        "invalid_field",
        "context.a");
  }

  @Test
  void scan_unsupportedContentType_is415() {
    TestServer.Reply reply =
        server.send(
            server
                .request("/v1/scan", platform)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                .build());
    assertError(reply, 415, "unsupported_media", null);
  }

  @Test
  void scan_declaredBodyOverLimit_is413BeforeTheBodyIsSent() throws Exception {
    // The server refuses from the declared Content-Length without waiting for the body. A raw
    // socket shows it: only the headers are sent, and the 413 still arrives.
    // A multipart upload may be a video (VIGIL_VIDEO_MAX_BYTES, 2 GB by default): 3 GB is over.
    for (String type : new String[] {"multipart/form-data; boundary=x", "application/json"}) {
      long declared = type.startsWith("multipart") ? 3L << 30 : 2L * 1024 * 1024;
      String head = rawHeadersOnly("/v1/scan", type, declared);
      assertThat(head).startsWith("HTTP/1.1 413");
      assertThat(head).contains("\"error\":\"payload_too_large\"");
    }
  }

  @Test
  void scan_bodyOverLimitWithoutLength_is413() {
    // No Content-Length (chunked): the body is read up to the limit and then refused.
    String json =
        "{\"hashes\":{\"md5\":\""
            + "a".repeat(32)
            + "\"},\"context\":{\"pad\":\""
            + "x".repeat(1024 * 1024)
            + "\"}}";
    byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    TestServer.Reply reply =
        server.send(
            server
                .request("/v1/scan", platform)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(bytes)))
                .build());
    assertError(reply, 413, "payload_too_large", null);
  }

  /** Sends only the request line and headers, then reads whatever the server answers. */
  private static String rawHeadersOnly(String path, String contentType, long declaredLength)
      throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.server().port())) {
      socket.setSoTimeout(10_000);
      String request =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + platform
              + "\r\nContent-Type: "
              + contentType
              + "\r\nContent-Length: "
              + declaredLength
              + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      int n;
      try {
        while ((n = socket.getInputStream().read(buffer)) > 0) {
          answer.write(buffer, 0, n);
          if (answer.toString(java.nio.charset.StandardCharsets.UTF_8).contains("\"field\"")) {
            break;
          }
        }
      } catch (java.net.SocketTimeoutException e) {
        // Whatever arrived is the answer.
      }
      return answer.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void scanUpload_benignImage_isHashedAndDecided() {
    byte[] png = TestImages.shapesPng(7);
    TestServer.Reply reply =
        upload(
            new Multipart()
                .file("media", "shapes.png", "image/png", png)
                .text("context", "{\"contentId\":\"img-1\"}"));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode decision = reply.json();
    assertThat(decision.get("hashes").get("md5").asText()).hasSize(32);
    assertThat(decision.get("hashes").get("sha256").asText()).hasSize(64);
    assertThat(decision.get("context").get("contentId").asText()).isEqualTo("img-1");
    assertThat(decision.get("verdict").asText()).isEqualTo("allow");
  }

  @Test
  void scanUpload_imageInBankAndResizedCopy_matchPerceptually() throws Exception {
    byte[] png = TestImages.shapesPng(11);
    JsonNode first = upload(new Multipart().file("media", "a.png", "image/png", png)).json();
    String pdq = first.get("hashes").get("pdq").asText();
    assertThat(pdq).hasSize(64);
    assertThat(first.get("hashes").get("pdqQuality").asInt()).isGreaterThanOrEqualTo(50);

    String admin = server.adminKey;
    server.send("POST", "/v1/banks", admin, "{\"name\":\"perceptual\",\"action\":\"review\"}");
    server.send(
        "POST",
        "/v1/banks/perceptual/signals",
        admin,
        "{\"type\":\"pdq\",\"value\":\"" + pdq + "\"}");

    JsonNode same = upload(new Multipart().file("media", "a.png", "image/png", png)).json();
    assertThat(same.get("verdict").asText()).isEqualTo("review");
    assertThat(same.get("matches").get(0).get("distance").asInt()).isZero();

    // A re-encoded, resized copy (JPEG at 3/4 size) is a different file but the same picture.
    java.awt.image.BufferedImage original =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    java.awt.image.BufferedImage smaller =
        new java.awt.image.BufferedImage(150, 112, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = smaller.createGraphics();
    g.setRenderingHint(
        java.awt.RenderingHints.KEY_INTERPOLATION,
        java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(original, 0, 0, 150, 112, null);
    g.dispose();
    JsonNode copy =
        upload(
                new Multipart()
                    .file("media", "b.jpg", "image/jpeg", TestImages.encode(smaller, "jpg")))
            .json();
    assertThat(copy.get("hashes").get("md5").asText())
        .isNotEqualTo(first.get("hashes").get("md5").asText());
    assertThat(copy.get("verdict").asText()).isEqualTo("review");
    assertThat(copy.get("matches").get(0).get("distance").asInt()).isBetween(1, 31);
    server.send("DELETE", "/v1/banks/perceptual", admin, null);
  }

  @Test
  void scanUpload_hostileFiles_areRejectedCleanly() {
    assertError(
        upload(new Multipart().file("media", "x.png", "image/png", new byte[0])),
        422,
        "corrupt_media",
        "media");
    byte[] random = new byte[5000];
    new Random(1).nextBytes(random);
    assertError(
        upload(new Multipart().file("media", "x.jpg", "image/jpeg", random)),
        415,
        "unsupported_media",
        "media");
    byte[] png = TestImages.shapesPng(3);
    byte[] truncated = java.util.Arrays.copyOf(png, png.length / 3);
    TestServer.Reply cut = upload(new Multipart().file("media", "cut.png", "image/png", truncated));
    assertError(cut, 422, "corrupt_media", "media");
    // 100,000 × 100,000 declared: refused from the header, before any decoding.
    byte[] bomb = TestImages.pngDeclaring(100_000, 100_000);
    assertError(
        upload(new Multipart().file("media", "bomb.png", "image/png", bomb)),
        422,
        "image_too_large",
        "media");
    assertError(upload(new Multipart().text("context", "{}")), 422, "invalid_field", "media");
    assertError(
        upload(
            new Multipart().file("media", "ok.png", "image/png", png).text("context", "{not json")),
        400,
        "malformed_json",
        null);
    // And the server is still healthy.
    assertThat(server.send("GET", "/healthz", null, null).status()).isEqualTo(200);
  }

  @Test
  void unknownRoute_isJson404() {
    assertError(server.send("GET", "/v1/nothing-here", platform, null), 404, "not_found", null);
    assertError(
        server.send("GET", "/v1/decisions/dec_missing", platform, null), 404, "not_found", null);
    assertError(
        server.send("GET", "/v1/banks/missing", server.adminKey, null), 404, "not_found", null);
  }

  @Test
  void banks_invalidSettings_are422NamingTheField() {
    String admin = server.adminKey;
    assertError(
        server.send("POST", "/v1/banks", admin, "{\"name\":\"Bad Name\"}"),
        422,
        "invalid_field",
        "name");
    assertError(
        server.send("POST", "/v1/banks", admin, "{\"name\":\"ok\",\"pdqThreshold\":300}"),
        422,
        "invalid_field",
        "pdqThreshold");
    assertError(
        server.send("POST", "/v1/banks", admin, "{\"name\":\"ok2\",\"action\":\"delete\"}"),
        422,
        "invalid_field",
        "action");
    server.send("POST", "/v1/banks", admin, "{\"name\":\"dupe\"}");
    assertError(
        server.send("POST", "/v1/banks", admin, "{\"name\":\"dupe\"}"), 409, "bank_exists", null);
    assertError(
        server.send("POST", "/v1/banks/dupe/signals", admin, "{\"type\":\"pdq\",\"value\":\"12\"}"),
        422,
        "invalid_field",
        "value");
    assertError(
        server.send(
            "POST", "/v1/banks/dupe/signals", admin, "{\"type\":\"phash\",\"value\":\"12\"}"),
        422,
        "invalid_field",
        "type");
  }

  private static TestServer.Reply upload(Multipart multipart) {
    return server.send(
        server
            .request("/v1/scan", platform)
            .header("Content-Type", multipart.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.build()))
            .build());
  }
}
