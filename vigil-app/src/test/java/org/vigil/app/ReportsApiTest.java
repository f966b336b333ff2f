package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Role;
import org.vigil.core.review.NoticeIntake;
import org.vigil.core.review.NoticeRequest;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.review.Triage;
import org.vigil.core.review.TriageRules;
import org.vigil.core.testing.MutableClock;
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
            id -> false,
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
