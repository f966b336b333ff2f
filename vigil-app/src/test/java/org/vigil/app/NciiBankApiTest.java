package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/**
 * TAKE IT DOWN over HTTP on PostgreSQL: a moderator's removal on an ncii case puts the content's
 * hashes in the ncii bank (VIGIL_NCII_BANK) through the outbox, so a re-upload is blocked; a
 * restore on appeal takes them out again; with no bank configured nothing is added.
 */
class NciiBankApiTest {

  private static String report(String content, String category) {
    return "{\"target\":{\"contentId\":\""
        + content
        + "\",\"accountId\":\"acct-"
        + content
        + "\",\"contentType\":\"image\"},\"category\":\""
        + category
        + "\",\"explanation\":\"A private photo of me shared without my consent.\","
        + "\"reporter\":{\"kind\":\"user\",\"id\":\"u-"
        + content
        + "\"},\"goodFaith\":true}";
  }

  private static String remove(String hashes) {
    return "{\"action\":\"remove\",\"ground\":\"illegal\",\"legalGround\":\"TAKE IT DOWN Act,"
        + " 47 U.S.C. 223(h)\",\"explanation\":\"Intimate image shared without consent.\""
        + (hashes == null ? "" : ",\"hashes\":" + hashes)
        + "}";
  }

  private static TestServer.Reply upload(
      TestServer server, String key, byte[] image, String type, String contentId) {
    Multipart multipart =
        new Multipart()
            .file("media", "upload", type, image)
            .text("context", "{\"contentId\":\"" + contentId + "\"}");
    return server.send(
        server
            .request("/v1/scan", key)
            .header("Content-Type", multipart.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.build()))
            .build());
  }

  private static String caseOf(TestServer server, String platform, String content, String cat) {
    TestServer.Reply reply = server.send("POST", "/v1/reports", platform, report(content, cat));
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    return reply.json().get("caseId").asText();
  }

  /** The bank's signals as type:value, or empty when there is no such bank. */
  private static List<String> bank(TestServer server, String name) {
    return bank(server, server.adminKey, name);
  }

  /** The bank's signals as {@code key} sees them, or empty when it sees no such bank. */
  private static List<String> bank(TestServer server, String key, String name) {
    TestServer.Reply reply = server.send("GET", "/v1/banks/" + name + "/signals", key, null);
    List<String> out = new ArrayList<>();
    if (reply.status() == 404) {
      return out;
    }
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    for (JsonNode signal : reply.json().get("signals")) {
      out.add(signal.get("type").asText() + ":" + signal.get("value").asText());
      assertThat(signal.get("source").asText()).isEqualTo("ncii-review");
    }
    return out;
  }

  private static List<String> topics(TestServer server, String caseId) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT m.topic FROM outbox_messages m WHERE m.subject = :s ORDER BY"
                            + " m.seq")
                    .bind("s", "case:" + caseId)
                    .mapTo(String.class)
                    .list());
  }

  private static long nciiDeliveries(TestServer server, String caseId) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT COUNT(*) FROM outbox_deliveries d JOIN outbox_messages m ON"
                            + " m.seq = d.message_seq WHERE d.consumer = 'ncii_bank' AND"
                            + " m.subject = :s")
                    .bind("s", "case:" + caseId)
                    .mapTo(Long.class)
                    .one());
  }

  private static byte[] resizedJpeg(byte[] png) throws Exception {
    BufferedImage original = ImageIO.read(new ByteArrayInputStream(png));
    BufferedImage smaller = new BufferedImage(150, 112, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = smaller.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(original, 0, 0, 150, 112, null);
    g.dispose();
    return TestImages.encode(smaller, "jpg");
  }

  @Test
  void nciiRemoval_scannedContent_reuploadBlockedUntilRestoredOnAppeal() throws Exception {
    try (TestServer server =
        new TestServer(
            TestDatabases.postgresUrl(),
            "postgres",
            "postgres",
            Clock.systemUTC(),
            ReviewConfig.defaults().withNciiBank("ncii"))) {
      String platform = server.key(Role.PLATFORM);
      String alice = server.key(Role.MODERATOR);
      String bob = server.key(Role.MODERATOR);
      byte[] png = TestImages.shapesPng(23);

      // The platform scanned the upload when it was posted: allowed, nothing known about it.
      JsonNode first = upload(server, platform, png, "image/png", "upload-1").json();
      assertThat(first.get("verdict").asText()).isEqualTo("allow");
      JsonNode hashes = first.get("hashes");
      assertThat(hashes.get("pdqQuality").asInt()).isGreaterThanOrEqualTo(50);

      String caseId = caseOf(server, platform, "upload-1", "ncii");
      TestServer.Reply decided =
          server.send("POST", "/v1/cases/" + caseId + "/decision", alice, remove(null));
      assertThat(decided.status()).as(decided.body()).isEqualTo(201);
      String decisionId = decided.json().get("decisionId").asText();
      // The bank write left with the decision, in its transaction, as an outbox message.
      assertThat(topics(server, caseId)).contains("review.decided", "ncii.bank_add");
      assertThat(nciiDeliveries(server, caseId)).isEqualTo(1);
      JsonNode record = server.send("GET", "/v1/decisions/" + decisionId, alice, null).json();
      assertThat(record.get("nciiBank").get("bank").asText()).isEqualTo("ncii-default");
      assertThat(record.get("nciiBank").get("hashes")).hasSize(3);

      server.app().review().nciiWorker().deliverDue();
      assertThat(bank(server, "ncii-default"))
          .containsExactlyInAnyOrder(
              "pdq:" + hashes.get("pdq").asText(),
              "md5:" + hashes.get("md5").asText(),
              "sha256:" + hashes.get("sha256").asText());
      JsonNode created = server.send("GET", "/v1/banks/ncii-default", server.adminKey, null).json();
      assertThat(created.get("action").asText()).isEqualTo("block");

      // Re-uploads: the same file, and a re-encoded smaller copy (only the PDQ hash can match).
      JsonNode again = upload(server, platform, png, "image/png", "upload-2").json();
      assertThat(again.get("verdict").asText()).as(again.toString()).isEqualTo("block");
      assertThat(again.get("matches").findValuesAsText("bank")).contains("ncii-default");
      JsonNode copy = upload(server, platform, resizedJpeg(png), "image/jpeg", "upload-3").json();
      assertThat(copy.get("verdict").asText()).as(copy.toString()).isEqualTo("block");
      assertThat(copy.get("matches").get(0).get("type").asText()).isEqualTo("pdq");
      assertThat(copy.get("matches").get(0).get("distance").asInt()).isBetween(1, 31);

      // A repeated delivery (at least once) changes nothing.
      server.app().review().nciiWorker().deliverDue();
      assertThat(
              server
                  .send("GET", "/v1/audit?subject=bank:ncii-default", server.adminKey, null)
                  .body())
          .contains("bank.signal.add");
      assertThat(bank(server, "ncii-default")).hasSize(3);

      // The user appeals; another moderator restores: the hashes leave the bank again.
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/cases/" + caseId + "/appeals",
                      platform,
                      "{\"reason\":\"I posted this photo of myself.\"}")
                  .status())
          .isEqualTo(201);
      TestServer.Reply restored =
          server.send(
              "POST",
              "/v1/cases/" + caseId + "/decision",
              bob,
              "{\"action\":\"restore\",\"explanation\":\"The uploader is the person shown.\"}");
      assertThat(restored.status()).as(restored.body()).isEqualTo(201);
      assertThat(topics(server, caseId)).contains("review.reversed", "ncii.bank_remove");
      server.app().review().nciiWorker().deliverDue();
      assertThat(bank(server, "ncii-default")).isEmpty();
      JsonNode after = upload(server, platform, png, "image/png", "upload-4").json();
      assertThat(after.get("verdict").asText()).as(after.toString()).isEqualTo("allow");
    }
  }

  @Test
  void nciiRemoval_ofOneTenant_blocksItsReuploadsAndNotAnotherTenants() throws Exception {
    try (TestServer server =
        new TestServer(
            TestDatabases.postgresUrl(),
            "postgres",
            "postgres",
            Clock.systemUTC(),
            ReviewConfig.defaults().withNciiBank("ncii"))) {
      String platformA = server.key(Role.PLATFORM);
      String moderatorA = server.key(Role.MODERATOR);
      String platformB = server.key(Role.PLATFORM, "forum-b");
      String adminB = server.key(Role.ADMIN, "forum-b");
      String aliceB = server.key(Role.MODERATOR, "forum-b");
      String bobB = server.key(Role.MODERATOR, "forum-b");
      String adminC = server.key(Role.ADMIN, "forum-c");
      byte[] png = TestImages.shapesPng(37);
      // Both tenants had the same image uploaded; neither knew anything about it.
      assertThat(upload(server, platformA, png, "image/png", "a-1").json().get("verdict").asText())
          .isEqualTo("allow");
      assertThat(upload(server, platformB, png, "image/png", "b-1").json().get("verdict").asText())
          .isEqualTo("allow");

      // Tenant A (default) removes it as ncii: its own bank, private to it, blocks its re-upload.
      String caseA = caseOf(server, platformA, "a-1", "ncii");
      assertThat(
              server
                  .send("POST", "/v1/cases/" + caseA + "/decision", moderatorA, remove(null))
                  .status())
          .isEqualTo(201);
      server.app().review().nciiWorker().deliverDue();
      assertThat(bank(server, "ncii-default")).hasSize(3);
      JsonNode bankA = server.send("GET", "/v1/banks/ncii-default", server.adminKey, null).json();
      assertThat(bankA.get("tenant").asText()).isEqualTo("default");
      assertThat(bankA.get("shared").asBoolean()).isFalse();
      assertThat(server.send("GET", "/v1/banks/ncii-default", adminB, null).status())
          .isEqualTo(404);
      JsonNode againA = upload(server, platformA, png, "image/png", "a-2").json();
      assertThat(againA.get("verdict").asText()).as(againA.toString()).isEqualTo("block");
      assertThat(againA.get("matches").findValuesAsText("bank")).containsOnly("ncii-default");
      // ...and not tenant B's upload of the same image.
      JsonNode stillB = upload(server, platformB, png, "image/png", "b-2").json();
      assertThat(stillB.get("verdict").asText()).as(stillB.toString()).isEqualTo("allow");
      assertThat(stillB.get("matches")).isEmpty();

      // Tenant B removes it too: its own bank, which tenant A neither sees nor matches against.
      String caseB = caseOf(server, platformB, "b-1", "ncii");
      TestServer.Reply decidedB =
          server.send("POST", "/v1/cases/" + caseB + "/decision", aliceB, remove(null));
      assertThat(decidedB.status()).as(decidedB.body()).isEqualTo(201);
      JsonNode recordB =
          server
              .send(
                  "GET",
                  "/v1/decisions/" + decidedB.json().get("decisionId").asText(),
                  aliceB,
                  null)
              .json();
      assertThat(recordB.get("nciiBank").get("bank").asText()).isEqualTo("ncii-forum-b");
      server.app().review().nciiWorker().deliverDue();
      assertThat(bank(server, adminB, "ncii-forum-b")).hasSize(3);
      assertThat(server.send("GET", "/v1/banks/ncii-forum-b", adminB, null).json().get("tenant"))
          .hasToString("\"forum-b\"");
      assertThat(server.send("GET", "/v1/banks/ncii-forum-b", server.adminKey, null).status())
          .isEqualTo(404);
      JsonNode againB = upload(server, platformB, png, "image/png", "b-3").json();
      assertThat(againB.get("verdict").asText()).as(againB.toString()).isEqualTo("block");
      assertThat(againB.get("matches").findValuesAsText("bank")).containsOnly("ncii-forum-b");

      // B's restore on appeal empties B's bank only: A's re-uploads stay blocked.
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/cases/" + caseB + "/appeals",
                      platformB,
                      "{\"reason\":\"I posted this photo of myself.\"}")
                  .status())
          .isEqualTo(201);
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/cases/" + caseB + "/decision",
                      bobB,
                      "{\"action\":\"restore\",\"explanation\":\"The uploader is shown.\"}")
                  .status())
          .isEqualTo(201);
      server.app().review().nciiWorker().deliverDue();
      assertThat(bank(server, adminB, "ncii-forum-b")).isEmpty();
      assertThat(bank(server, "ncii-default")).hasSize(3);
      assertThat(upload(server, platformB, png, "image/png", "b-4").json().get("verdict").asText())
          .isEqualTo("allow");
      assertThat(upload(server, platformA, png, "image/png", "a-3").json().get("verdict").asText())
          .isEqualTo("block");

      // Another tenant cannot take a name that is some tenant's ncii bank; the operator may share
      // one deliberately; a tenant may make its own in advance.
      TestServer.Reply squat =
          server.send("POST", "/v1/banks", adminC, "{\"name\":\"ncii-forum-d\"}");
      assertThat(squat.status()).as(squat.body()).isEqualTo(409);
      assertThat(squat.json().get("error").asText()).isEqualTo("bank_name_kept");
      assertThat(squat.json().get("message").asText()).contains("ncii-forum-c");
      assertThat(server.send("POST", "/v1/banks", adminC, "{\"name\":\"ncii-forum-c\"}").status())
          .isEqualTo(201);
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/banks",
                      server.adminKey,
                      "{\"name\":\"ncii-forum-d\",\"shared\":false}")
                  .status())
          .isEqualTo(409);
      assertThat(
              server
                  .send("POST", "/v1/banks", server.adminKey, "{\"name\":\"ncii-forum-d\"}")
                  .status())
          .isEqualTo(201);
    }
  }

  @Test
  void nciiRemoval_neverScanned_takesTheDecisionsHashes_badOnes422() throws Exception {
    try (TestServer server =
        new TestServer(
            TestDatabases.postgresUrl(),
            "postgres",
            "postgres",
            Clock.systemUTC(),
            ReviewConfig.defaults().withNciiBank("ncii"))) {
      String platform = server.key(Role.PLATFORM);
      String moderator = server.key(Role.MODERATOR);
      byte[] png = TestImages.shapesPng(29);
      String sha256 =
          java.util.HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(png));
      String caseId = caseOf(server, platform, "upload-9", "ncii");
      String path = "/v1/cases/" + caseId + "/decision";

      TestServer.Reply badValue =
          server.send("POST", path, moderator, remove("[{\"type\":\"pdq\",\"value\":\"zz\"}]"));
      assertThat(badValue.status()).isEqualTo(422);
      assertThat(badValue.json().get("field").asText()).isEqualTo("hashes[0].value");
      TestServer.Reply badType =
          server.send(
              "POST",
              path,
              moderator,
              remove("[{\"type\":\"sha256\",\"value\":\"" + sha256 + "\"},{\"type\":\"vpdq\"}]"));
      assertThat(badType.status()).isEqualTo(422);
      assertThat(badType.json().get("field").asText()).isEqualTo("hashes[1].type");
      TestServer.Reply notAList = server.send("POST", path, moderator, remove("\"abc\""));
      assertThat(notAList.status()).isBetween(400, 422);
      assertThat(notAList.json().get("error").asText()).isNotBlank();

      String terms = caseOf(server, platform, "post-10", "terms");
      TestServer.Reply notNcii =
          server.send(
              "POST",
              "/v1/cases/" + terms + "/decision",
              moderator,
              remove("[{\"type\":\"sha256\",\"value\":\"" + sha256 + "\"}]"));
      assertThat(notNcii.status()).isEqualTo(422);
      assertThat(notNcii.json().get("field").asText()).isEqualTo("hashes");
      TestServer.Reply bulk =
          server.send(
              "POST",
              "/v1/cases/bulk-decision",
              moderator,
              "{\"filter\":{\"category\":\"ncii\"},\"decision\":"
                  + remove("[{\"type\":\"sha256\",\"value\":\"" + sha256 + "\"}]")
                  + "}");
      assertThat(bulk.status()).isEqualTo(422);
      assertThat(bulk.json().get("field").asText()).isEqualTo("decision.hashes");
      // Nothing of the refused decisions was kept.
      assertThat(topics(server, caseId)).isEmpty();

      TestServer.Reply decided =
          server.send(
              "POST",
              path,
              moderator,
              remove("[{\"type\":\"sha256\",\"value\":\"" + sha256.toUpperCase() + "\"}]"));
      assertThat(decided.status()).as(decided.body()).isEqualTo(201);
      server.app().review().nciiWorker().deliverDue();
      assertThat(bank(server, "ncii-default")).containsExactly("sha256:" + sha256);
      JsonNode reupload = upload(server, platform, png, "image/png", "upload-10").json();
      assertThat(reupload.get("verdict").asText()).isEqualTo("block");
    }
  }

  @Test
  void nciiBankUnset_removalAddsNothing() throws Exception {
    try (TestServer server =
        new TestServer(
            TestDatabases.postgresUrl(),
            "postgres",
            "postgres",
            Clock.systemUTC(),
            ReviewConfig.defaults())) {
      String platform = server.key(Role.PLATFORM);
      String moderator = server.key(Role.MODERATOR);
      byte[] png = TestImages.shapesPng(31);
      JsonNode scanned = upload(server, platform, png, "image/png", "upload-20").json();
      String caseId = caseOf(server, platform, "upload-20", "ncii");
      String path = "/v1/cases/" + caseId + "/decision";
      TestServer.Reply withHashes =
          server.send(
              "POST",
              path,
              moderator,
              remove(
                  "[{\"type\":\"md5\",\"value\":\""
                      + scanned.get("hashes").get("md5").asText()
                      + "\"}]"));
      assertThat(withHashes.status()).isEqualTo(422);
      assertThat(withHashes.json().get("message").asText()).contains("VIGIL_NCII_BANK");
      TestServer.Reply decided = server.send("POST", path, moderator, remove(null));
      assertThat(decided.status()).as(decided.body()).isEqualTo(201);
      assertThat(topics(server, caseId)).contains("review.decided").doesNotContain("ncii.bank_add");
      assertThat(server.app().review().nciiWorker()).isNull();
      assertThat(server.send("GET", "/v1/banks", server.adminKey, null).body())
          .doesNotContain("ncii");
      JsonNode again = upload(server, platform, png, "image/png", "upload-21").json();
      assertThat(again.get("verdict").asText()).isEqualTo("allow");
    }
  }
}
