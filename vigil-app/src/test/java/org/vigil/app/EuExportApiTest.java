package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Role;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.PreserveRequest;
import org.vigil.core.reports.EuAuthorities;
import org.vigil.core.reports.EuAuthority;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.NoticeIntake;
import org.vigil.core.review.NoticeRequest;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.Priority;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.review.Triage;
import org.vigil.core.review.TriageRules;
import org.vigil.core.testing.MutableClock;
import org.vigil.report.eu.EuReportSchema;
import org.vigil.store.JdbcCaseStore;
import org.vigil.store.TestDatabases;

/**
 * GET /v1/cases/{id}/export/eu over HTTP on a real PostgreSQL: a real scan's PDQ match, evidence in
 * the vault, a grooming notice; who may export, the precise refusals, the audit entry, and the
 * authority's configuration deciding which personal data leave.
 */
class EuExportApiTest {

  static final String PDQ_A = ApiEndToEndTest.PDQ_A;
  static final String PDQ_A_NEAR = ApiEndToEndTest.PDQ_A_NEAR;
  static final byte[] PICTURE = "benign synthetic bytes".getBytes(StandardCharsets.UTF_8);

  static final EuAuthorities AUTHORITIES =
      new EuAuthorities(
          new EuAuthorities.Provider("Example Forum B.V.", "csa@example.org", null),
          List.of(
              new EuAuthority(
                  "eu-centre",
                  "EU Centre (test)",
                  "EU",
                  "en",
                  "1.0",
                  new EuAuthority.Include(true, true)),
              new EuAuthority(
                  "nl-police", "Police (test)", "NL", "nl", null, EuAuthority.Include.NOTHING)));

  private final EuReportSchema schema = new EuReportSchema();

  private static TestServer server() {
    return TestServer.withEuAuthorities(
        TestDatabases.postgresUrl(), new MutableClock(Instant.now()), AUTHORITIES);
  }

  private static NoticeIntake intake(TestServer server) {
    return new NoticeIntake(
        new JdbcCaseStore(server.app().database()),
        new Triage(TriageRules.bundled()),
        id -> "p:" + id,
        (tenant, id) -> false,
        server.app().audit(),
        server.app().clock());
  }

  private static String path(String caseId, String authority) {
    return "/v1/cases/"
        + caseId
        + "/export/eu"
        + (authority == null ? "" : "?authority=" + authority);
  }

  @Test
  void exportEu_scannedPdqMatchWithEvidence_validKnownMaterialAuditedAsEvidenceAccess() {
    try (TestServer server = server()) {
      String admin = server.adminKey;
      String platform = server.key(Role.PLATFORM);
      String specialist = server.key(Role.SPECIALIST);
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/banks",
                      admin,
                      "{\"name\":\"known\",\"description\":\"synthetic\",\"action\":\"block\"}")
                  .status())
          .isEqualTo(201);
      assertThat(
              server
                  .send(
                      "POST",
                      "/v1/banks/known/signals",
                      admin,
                      "{\"type\":\"pdq\",\"value\":\""
                          + PDQ_A
                          + "\",\"externalId\":\"ext-1\",\"source\":\"synthetic list\","
                          + "\"category\":\"A1\"}")
                  .status())
          .isEqualTo(201);
      TestServer.Reply scan =
          server.send(
              "POST",
              "/v1/scan",
              platform,
              "{\"hashes\":{\"pdq\":\""
                  + PDQ_A_NEAR
                  + "\"},\"context\":{\"contentId\":\"upload-1\",\"userId\":\"uploader-1\","
                  + "\"ip\":\"198.51.100.4\",\"jurisdiction\":\"NL\"}}");
      assertThat(scan.json().get("verdict").asText()).isEqualTo("block");
      String decisionId = scan.json().get("decisionId").asText();
      // What the spine's action executor does for queue_review and preserve_evidence.
      ReviewCase reviewCase =
          intake(server)
              .openFromPolicy(
                  "default",
                  new NoticeTarget("upload-1", "account-1", null, "image"),
                  NoticeCategory.CSAM,
                  "csam",
                  Priority.HIGH,
                  decisionId);
      EvidenceItem item =
          server
              .app()
              .evidence()
              .preserve(
                  new PreserveRequest(
                      "default", decisionId, "upload-1", "image/png", "NL", PICTURE),
                  "system");
      assertThat(
              server
                  .send("POST", "/v1/cases/" + reviewCase.id() + "/report", specialist, null)
                  .status())
          .isEqualTo(202);

      TestServer.Reply reply =
          server.send("GET", path(reviewCase.id(), "eu-centre"), specialist, null);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.headers().get("cache-control")).containsExactly("no-store");
      JsonNode doc = reply.json();
      assertThat(schema.violations(doc)).isEmpty();
      assertThat(doc.at("/abuse/type").asText()).isEqualTo("known_material");
      assertThat(doc.at("/content/files/0/evidenceId").asText()).isEqualTo(item.id());
      assertThat(doc.at("/content/files/0/sha256").asText()).isEqualTo(item.sha256());
      assertThat(doc.at("/content/hashes/pdq").asText()).isEqualTo(PDQ_A_NEAR);
      assertThat(doc.at("/detection/hashMatches/0/bank").asText()).isEqualTo("known");
      assertThat(doc.at("/detection/hashMatches/0/distance").asInt()).isEqualTo(3);
      assertThat(doc.at("/detection/decisionId").asText()).isEqualTo(decisionId);
      assertThat(doc.at("/location/ipAddresses/0").asText()).isEqualTo("198.51.100.4");
      assertThat(doc.at("/users/accounts").toString()).contains("uploader-1").contains("account-1");
      assertThat(doc.at("/otherReports/0/state").asText()).isEqualTo("awaiting_confirmation");
      assertThat(doc.at("/provider/name").asText()).isEqualTo("Example Forum B.V.");
      assertThat(doc.toString()).doesNotContain("benign synthetic bytes");

      // The export disclosed the evidence's digest: on the record, naming the item.
      assertThat(
              server.app().auditStore().latest(20, "case:" + reviewCase.id()).stream()
                  .filter(e -> e.action().equals("evidence.export"))
                  .toList())
          .singleElement()
          .satisfies(
              entry -> {
                assertThat(entry.actor()).startsWith("key:");
                assertThat(entry.detailsJson()).contains(item.id()).contains("eu-centre");
              });

      // An authority not allowed user identifiers or IP addresses gets neither.
      JsonNode police =
          server.send("GET", path(reviewCase.id(), "nl-police"), specialist, null).json();
      assertThat(schema.violations(police)).isEmpty();
      assertThat(police.toString())
          .doesNotContain("198.51.100.4")
          .doesNotContain("uploader-1")
          .doesNotContain("account-1");
      assertThat(police.at("/withheld").toString())
          .isEqualTo("[\"userIdentifiers\",\"ipAddresses\"]");
      assertThat(police.at("/format/language").asText()).isEqualTo("nl");
    }
  }

  @Test
  void exportEu_groomingNotice_textOnlySolicitation() {
    try (TestServer server = server()) {
      ReviewCase reviewCase =
          intake(server)
              .submit(
                  "default",
                  new NoticeRequest(
                      new NoticeTarget("dm-thread-4", "user-4", null, "text"),
                      "grooming",
                      "adult asks a child for pictures",
                      "anonymous",
                      null,
                      null,
                      "de",
                      true),
                  "key:platform")
              .reviewCase();

      TestServer.Reply reply =
          server.send("GET", path(reviewCase.id(), "eu-centre"), server.key(Role.SPECIALIST), null);

      assertThat(reply.status()).isEqualTo(200);
      JsonNode doc = reply.json();
      assertThat(schema.violations(doc)).isEmpty();
      assertThat(doc.at("/abuse/type").asText()).isEqualTo("solicitation");
      assertThat(doc.at("/content/files")).isEmpty();
      assertThat(doc.at("/detection/methods").toString()).contains("anonymous_notice");
      assertThat(doc.toString()).doesNotContain("asks a child");
    }
  }

  @Test
  void exportEu_badRequests_preciseRefusals() {
    try (TestServer server = server()) {
      NoticeIntake intake = intake(server);
      ReviewCase csam =
          intake
              .submit(
                  "default",
                  new NoticeRequest(
                      new NoticeTarget("post-1", "user-1", null, null),
                      "csam",
                      "reported",
                      "anonymous",
                      null,
                      null,
                      null,
                      true),
                  "key:platform")
              .reviewCase();
      ReviewCase terms =
          intake
              .submit(
                  "default",
                  new NoticeRequest(
                      new NoticeTarget("post-2", "user-2", null, null),
                      "terms",
                      "spam",
                      "user",
                      "reporter-1",
                      null,
                      null,
                      true),
                  "key:platform")
              .reviewCase();
      String specialist = server.key(Role.SPECIALIST);

      assertThat(server.send("GET", path(csam.id(), "eu-centre"), null, null).status())
          .isEqualTo(401);
      assertThat(
              server
                  .send("GET", path(csam.id(), "eu-centre"), server.key(Role.MODERATOR), null)
                  .status())
          .isEqualTo(403);
      assertThat(
              server
                  .send("GET", path(csam.id(), "eu-centre"), server.key(Role.AUDITOR), null)
                  .status())
          .isEqualTo(403);
      assertThat(server.send("GET", path(csam.id(), "eu-centre"), server.adminKey, null).status())
          .isEqualTo(200);

      TestServer.Reply unknown = server.send("GET", path(csam.id(), "fr-nobody"), specialist, null);
      assertThat(unknown.status()).isEqualTo(422);
      assertThat(unknown.json().get("error").asText()).isEqualTo("unknown_authority");
      assertThat(unknown.json().get("field").asText()).isEqualTo("authority");
      assertThat(unknown.json().get("message").asText()).contains("eu-centre, nl-police");

      TestServer.Reply missing = server.send("GET", path(csam.id(), null), specialist, null);
      assertThat(missing.status()).isEqualTo(422);
      assertThat(missing.json().get("field").asText()).isEqualTo("authority");

      assertThat(server.send("GET", path("case_nope", "eu-centre"), specialist, null).status())
          .isEqualTo(404);
      TestServer.Reply other =
          server.send(
              "POST",
              "/v1/keys",
              server.adminKey,
              "{\"role\":\"specialist\",\"tenant\":\"other\"}");
      assertThat(other.status()).isEqualTo(201);
      assertThat(
              server
                  .send("GET", path(csam.id(), "eu-centre"), other.json().get("key").asText(), null)
                  .status())
          .isEqualTo(404);

      TestServer.Reply notCsa = server.send("GET", path(terms.id(), "eu-centre"), specialist, null);
      assertThat(notCsa.status()).isEqualTo(409);
      assertThat(notCsa.json().get("error").asText()).isEqualTo("not_child_sexual_abuse");

      // Refusals disclose nothing, so only the admin's successful export is on the record.
      assertThat(
              server.app().auditStore().latest(50, "case:" + csam.id()).stream()
                  .filter(e -> e.action().equals("evidence.export"))
                  .count())
          .isEqualTo(1);
    }
  }
}
