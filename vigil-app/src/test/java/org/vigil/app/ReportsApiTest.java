package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.core.review.NoticeIntake;
import org.vigil.core.review.NoticeRequest;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.review.Triage;
import org.vigil.core.review.TriageRules;
import org.vigil.core.testing.MutableClock;
import org.vigil.report.ncmec.CyberTiplineTestServer;
import org.vigil.store.JdbcCaseStore;
import org.vigil.store.TestDatabases;

/** A case's report over HTTP: who may ask, four eyes, status; and the NCMEC settings' guards. */
class ReportsApiTest {

  private static ReviewCase openCase(TestServer server) {
    NoticeIntake intake =
        new NoticeIntake(
            new JdbcCaseStore(server.app().database()),
            new Triage(TriageRules.bundled()),
            id -> "p:" + id,
            (tenant, id) -> false,
            server.app().audit(),
            server.app().clock());
    return intake
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
  }

  @Test
  void report_requestedConfirmedBySecondSpecialistOnly_statusVisibleToAuditors() {
    try (TestServer server =
        new TestServer(
            TestDatabases.postgresUrl(), "postgres", "postgres", new MutableClock(Instant.now()))) {
      ReviewCase reviewCase = openCase(server);
      String path = "/v1/cases/" + reviewCase.id() + "/report";
      String first = server.key(Role.SPECIALIST);
      String second = server.key(Role.SPECIALIST);

      assertThat(server.send("POST", path, server.key(Role.MODERATOR), null).status())
          .isEqualTo(403);
      TestServer.Reply requested = server.send("POST", path, first, null);
      assertThat(requested.status()).isEqualTo(202);
      assertThat(requested.json().get("state").asText()).isEqualTo("awaiting_confirmation");

      TestServer.Reply self = server.send("POST", path + "/confirm", first, null);
      assertThat(self.status()).isEqualTo(409);
      assertThat(self.json().get("error").asText()).isEqualTo("four_eyes");
      TestServer.Reply confirmed = server.send("POST", path + "/confirm", second, null);
      assertThat(confirmed.status()).isEqualTo(200);
      assertThat(confirmed.json().get("state").asText()).isEqualTo("sending");

      TestServer.Reply status = server.send("GET", path, server.key(Role.AUDITOR), null);
      assertThat(status.json().get("state").asText()).isEqualTo("sending");
      assertThat(status.json().get("confirmedBy").asText()).isNotBlank();
      assertThat(server.send("GET", "/v1/cases/case_nope/report", first, null).status())
          .isEqualTo(404);
      assertThat(
              server
                  .send("GET", "/v1/cases/" + reviewCase.id() + "/evidence", first, null)
                  .status())
          .isEqualTo(200);
    }
  }

  @Test
  @Timeout(180)
  void groomingNotice_overHttpWithoutMedia_filedAsValidTextOnlyEnticementReport() throws Exception {
    try (CyberTiplineTestServer ncmec = new CyberTiplineTestServer();
        TestServer server =
            TestServer.withNcmec(
                TestDatabases.postgresUrl(),
                Clock.systemUTC(),
                new NcmecSettings(
                    ncmec.base(),
                    CyberTiplineTestServer.USER,
                    CyberTiplineTestServer.PASSWORD,
                    "reports@example.org",
                    false,
                    true,
                    "Example Forum trust and safety, reports@example.org",
                    URI.create("https://example.org/legal-process"),
                    Duration.ofMillis(200)))) {
      TestServer.Reply notice =
          server.send(
              "POST",
              "/v1/reports",
              server.key(Role.PLATFORM),
              "{\"target\": {\"contentId\": \"dm-thread-9\", \"accountId\": \"acct-7\","
                  + " \"contentType\": \"text\"}, \"category\": \"grooming\","
                  + " \"explanation\": \"An adult asks a child to move to a private app.\","
                  + " \"reporter\": {\"kind\": \"anonymous\"}, \"goodFaith\": true}");
      assertThat(notice.status()).as(notice.body()).isEqualTo(201);
      String path = "/v1/cases/" + notice.json().get("caseId").asText() + "/report";
      assertThat(server.send("POST", path, server.key(Role.SPECIALIST), null).status())
          .isEqualTo(202);
      assertThat(server.send("POST", path + "/confirm", server.key(Role.SPECIALIST), null).status())
          .isEqualTo(200);
      assertThat(server.app().startCyberTiplineFiling()).isTrue();
      String specialist = server.key(Role.SPECIALIST);
      com.fasterxml.jackson.databind.JsonNode filing = null;
      for (int i = 0; i < 600; i++) {
        filing = server.send("GET", path, specialist, null).json();
        if (!"sending".equals(filing.get("state").asText())) {
          break;
        }
        Thread.sleep(100);
      }

      assertThat(filing.get("state").asText()).as(filing.toString()).isEqualTo("filed");
      CyberTiplineTestServer.Report report = ncmec.finishedReports().get(0);
      assertThat(ncmec.finishedReports()).hasSize(1);
      assertThat(filing.get("reportId").asLong()).isEqualTo(report.id);
      // Valid against NCMEC's schema (the test server refuses anything else), and text-only.
      assertThat(report.files).isEmpty();
      assertThat(ncmec.calls()).doesNotContain("/upload", "/fileinfo");
      assertThat(report.xml)
          .contains("Online Enticement of Children for Sexual Acts")
          .contains("<companyTemplate>Example Forum trust and safety, reports@example.org<")
          .contains("<legalURL>https://example.org/legal-process</legalURL>")
          .contains("acct-7");
    }
  }

  @Test
  void ncmecSettings_productionUrlWithoutTheFlag_refusedNamingTheSetting() {
    assertThatThrownBy(
            () ->
                NcmecSettings.fromEnvironment(
                    Map.of("VIGIL_NCMEC_URL", "https://report.cybertip.org/ispws")))
        .hasMessageContaining("VIGIL_NCMEC_PRODUCTION");
    assertThat(NcmecSettings.fromEnvironment(Map.of()).url().getHost())
        .isEqualTo("exttest.cybertip.org");
    assertThat(NcmecSettings.fromEnvironment(Map.of()).enabled()).isFalse();
    assertThatThrownBy(
            () ->
                NcmecSettings.fromEnvironment(
                    Map.of("VIGIL_NCMEC_USER", "u", "VIGIL_NCMEC_PASSWORD", "p")))
        .hasMessageContaining("VIGIL_NCMEC_REPORTER_EMAIL");
    NcmecSettings production =
        NcmecSettings.fromEnvironment(
            Map.of(
                "VIGIL_NCMEC_PRODUCTION", "true",
                "VIGIL_NCMEC_USER", "u",
                "VIGIL_NCMEC_PASSWORD", "secret-pw",
                "VIGIL_NCMEC_REPORTER_EMAIL", "reports@example.com"));
    assertThat(production.url().getHost()).isEqualTo("report.cybertip.org");
    assertThat(production.toString()).doesNotContain("secret-pw");
  }
}
