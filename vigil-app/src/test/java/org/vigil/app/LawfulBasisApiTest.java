package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/** POST /v1/decide with {@code service.lawfulBasis}, over HTTP against a real server. */
class LawfulBasisApiTest {

  private static String signup(String service) {
    return """
        {"action": "signup", "jurisdiction": "FR", "service": %s,
         "actor": {"birthDate": "2012-06-01"}, "at": "2026-11-23T10:00:00Z"}
        """
        .formatted(service);
  }

  @Test
  void decide_franceFourteen_consentRequiresParentContractShowsRuleSetAside() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      String platform = server.key(Role.PLATFORM);

      TestServer.Reply consent =
          server.send("POST", "/v1/decide", platform, signup("{\"category\": \"social_network\"}"));
      TestServer.Reply contract =
          server.send(
              "POST",
              "/v1/decide",
              platform,
              signup("{\"category\": \"social_network\", \"lawfulBasis\": \"contract\"}"));

      assertThat(consent.status()).isEqualTo(200);
      assertThat(consent.json().get("decision").asText()).isEqualTo("require");
      assertThat(consent.json().get("requires").get(0).asText()).isEqualTo("parental_consent");
      assertThat(consent.json().get("reasons").get(0).get("rule").asText())
          .isEqualTo("FR-GDPR8-15");
      assertThat(contract.status()).isEqualTo(200);
      assertThat(contract.json().get("decision").asText()).isEqualTo("allow");
      assertThat(contract.json().get("requires")).isEmpty();
      JsonNode reason = contract.json().get("reasons").get(0);
      assertThat(reason.get("code").asText()).isEqualTo("other_lawful_basis");
      assertThat(reason.get("rule").asText()).isEqualTo("FR-GDPR8-15");
      assertThat(reason.get("detail").asText()).contains("lawful basis is contract");
      String decisionId = contract.json().get("decisionId").asText();
      JsonNode stored = server.send("GET", "/v1/decisions/" + decisionId, platform, null).json();
      assertThat(stored.get("reasons").get(0).get("code").asText()).isEqualTo("other_lawful_basis");
    }
  }

  @Test
  void decide_unknownLawfulBasis_422NamingTheField() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      String platform = server.key(Role.PLATFORM);

      TestServer.Reply unknown =
          server.send(
              "POST",
              "/v1/decide",
              platform,
              signup("{\"category\": \"social_network\", \"lawfulBasis\": \"gdpr_6_1_b\"}"));
      TestServer.Reply notText =
          server.send(
              "POST",
              "/v1/decide",
              platform,
              signup("{\"category\": \"social_network\", \"lawfulBasis\": true}"));

      assertThat(unknown.status()).isEqualTo(422);
      assertThat(unknown.json().get("error").asText()).isEqualTo("invalid_field");
      assertThat(unknown.json().get("field").asText()).isEqualTo("service.lawfulBasis");
      assertThat(unknown.json().get("message").asText())
          .contains("gdpr_6_1_b")
          .contains("legitimate_interests");
      assertThat(notText.status()).isEqualTo(422);
      assertThat(notText.json().get("field").asText()).isEqualTo("service.lawfulBasis");
    }
  }
}
