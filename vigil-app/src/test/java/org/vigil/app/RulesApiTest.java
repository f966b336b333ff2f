package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Role;
import org.vigil.core.minors.RuleSetLoader;
import org.vigil.store.TestDatabases;

/** GET /v1/rules over HTTP against a real server. */
class RulesApiTest {

  @Test
  void rules_listed_eachWithJurisdictionStatusDateAndSource() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String auditor = server.key(Role.AUDITOR);

      JsonNode body = server.send("GET", "/v1/rules?on=2026-01-15", auditor, null).json();

      assertThat(body.get("version").asText()).isEqualTo(RuleSetLoader.bundled().version());
      List<String> ids = new ArrayList<>();
      for (JsonNode rule : body.get("rules")) {
        ids.add(rule.get("id").asText());
        assertThat(rule.get("jurisdiction").asText()).isNotBlank();
        assertThat(rule.get("statusToday").asText()).isNotBlank();
        assertThat(rule.get("source").asText()).isNotBlank();
      }
      assertThat(ids).contains("DE-GDPR8-16", "US-COPPA-13", "US-FL-HB3-14", "BR-ECA-DIGITAL-16");
      assertThat(rule(body, "MY-ONSA-CPC-16").get("statusToday").asText())
          .isEqualTo("not_yet_in_force");
      assertThat(rule(body, "MY-ONSA-CPC-16").get("effectiveFrom").asText())
          .isEqualTo("2026-06-01");
      assertThat(rule(body, "US-GA-SB351-16").get("statusToday").asText()).isEqualTo("enjoined");
      assertThat(rule(body, "US-FL-HB3-14").get("jurisdiction").asText()).isEqualTo("US-FL");
      assertThat(rule(body, "FR-PPL-2026-15").get("statusToday").asText()).isEqualTo("pending");
      JsonNode georgia = rule(body, "US-GA-SB351-16");
      assertThat(georgia.get("checked").asText()).isEqualTo("2026-12-05");
      assertThat(georgia.get("verified").asBoolean()).isTrue();
      assertThat(georgia.get("sourceUrls").size()).isPositive();
      assertThat(body.get("changelog").get(0).get("version").asText())
          .isEqualTo(body.get("version").asText());
      assertThat(body.get("changelog").get(0).get("date").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
      assertThat(body.get("changelog").get(0).get("changes").size()).isPositive();
      assertThat(body.get("changelog").toString()).contains("Added Ohio");
      JsonNode senate = rule(body, "FR-PPL-2026-15-CONSENT");
      assertThat(senate.get("verified").asBoolean()).isFalse();
      assertThat(senate.get("checkNote").asText()).contains("Senate");
    }
  }

  @Test
  void rules_forJurisdiction_includeInheritedAndRejectUnknown() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String platform = server.key(Role.PLATFORM);

      JsonNode florida =
          server.send("GET", "/v1/rules?jurisdiction=us-fl&on=2026-06-01", platform, null).json();
      TestServer.Reply unknown = server.send("GET", "/v1/rules?jurisdiction=ZZ", platform, null);
      TestServer.Reply badDate = server.send("GET", "/v1/rules?on=yesterday", platform, null);

      List<String> ids = new ArrayList<>();
      florida.get("rules").forEach(rule -> ids.add(rule.get("id").asText()));
      assertThat(ids)
          .contains("US-FL-HB3-14", "US-COPPA-13", "US-FL-HB3-AV")
          .doesNotContain("AU-SMMA-16");
      assertThat(unknown.status()).isEqualTo(422);
      assertThat(unknown.json().get("field").asText()).isEqualTo("jurisdiction");
      assertThat(badDate.status()).isEqualTo(422);
      assertThat(server.send("GET", "/v1/rules", null, null).status()).isEqualTo(401);
    }
  }

  private static JsonNode rule(JsonNode body, String id) {
    for (JsonNode rule : body.get("rules")) {
      if (rule.get("id").asText().equals(id)) {
        return rule;
      }
    }
    throw new AssertionError("no rule " + id);
  }
}
