package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.vigil.core.json.Json;
import org.vigil.hash.image.MediaHasher;

/**
 * What the process-level reporting tests share: HTTP calls to a {@link ServeProcess}, a synthetic
 * bank of benign generated images with the live policy that blocks, preserves and reports a close
 * match, and image uploads.
 */
final class ReportingRig {

  static final String BANK = "synthetic-csam";

  /** The live policy of issue 18's "done means": block, open a case, preserve, report. */
  static final String POLICY =
      """
      name: uploads
      rules:
        - id: known-csam-close
          when: 'matches.exists(m, m.bank == "synthetic-csam" && m.distance <= 10)'
          then:
            - block
            - {queue_review: {queue: csam, priority: high, category: csam}}
            - preserve_evidence
            - report_authority
      """;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ReportingRig() {}

  record Reply(int status, String body, HttpResponse<byte[]> raw) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  static Reply send(int port, String method, String path, String key, String type, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", type)
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    HttpResponse<byte[]> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(
        response.statusCode(), new String(response.body(), StandardCharsets.UTF_8), response);
  }

  static Reply json(int port, String method, String path, String key, String json)
      throws IOException, InterruptedException {
    return send(
        port,
        method,
        path,
        key,
        "application/json",
        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  static String createKey(int port, String admin, String role) throws Exception {
    Reply reply = json(port, "POST", "/v1/keys", admin, "{\"role\":\"" + role + "\"}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json().get("key").asText();
  }

  /** Creates the synthetic bank holding the PDQ of each image, and activates {@link #POLICY}. */
  static void bankAndPolicy(int port, String admin, byte[]... images) throws Exception {
    Reply bank =
        json(
            port,
            "POST",
            "/v1/banks",
            admin,
            "{\"name\":\"" + BANK + "\",\"description\":\"benign generated images\"}");
    assertThat(bank.status()).as(bank.body()).isEqualTo(201);
    for (byte[] image : images) {
      addToBank(port, admin, image);
    }
    Reply submitted =
        send(
            port,
            "POST",
            "/v1/policies",
            admin,
            "application/yaml",
            POLICY.getBytes(StandardCharsets.UTF_8));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    String version = submitted.json().get("version").asText();
    Reply activated = json(port, "POST", "/v1/policies/" + version + "/activate", admin, null);
    assertThat(activated.status()).as(activated.body()).isEqualTo(200);
  }

  static void addToBank(int port, String admin, byte[] image) throws Exception {
    String pdq = new MediaHasher(50_000_000L).hash(image).pdq().toHex();
    Reply added =
        json(
            port,
            "POST",
            "/v1/banks/" + BANK + "/signals",
            admin,
            "{\"type\":\"pdq\",\"value\":\"" + pdq + "\",\"source\":\"synthetic\"}");
    assertThat(added.status()).as(added.body()).isEqualTo(201);
  }

  /** POST /v1/scan with the image as multipart {@code media} and a context naming the content. */
  static Reply upload(int port, String platform, byte[] image, String contentId)
      throws IOException, InterruptedException {
    String boundary = "vigil-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"upload.png\""
                + "\r\nContent-Type: image/png\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(image);
    body.writeBytes(
        ("\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"context\"\r\n\r\n"
                + "{\"contentId\":\""
                + contentId
                + "\",\"userId\":\"uploader-"
                + contentId
                + "\"}\r\n--"
                + boundary
                + "--\r\n")
            .getBytes(StandardCharsets.UTF_8));
    return send(
        port,
        "POST",
        "/v1/scan",
        platform,
        "multipart/form-data; boundary=" + boundary,
        body.toByteArray());
  }

  /** A benign 200×150 picture of coloured shapes, distinct per seed, with a good PDQ quality. */
  static byte[] shapesPng(int seed) throws IOException {
    BufferedImage image = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    Random random = new Random(seed);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 200, 150);
    for (int i = 0; i < 25; i++) {
      g.setColor(new Color(random.nextInt(0xffffff)));
      g.fillOval(
          random.nextInt(200),
          random.nextInt(150),
          10 + random.nextInt(60),
          10 + random.nextInt(60));
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
