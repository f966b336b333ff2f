package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/** GET /v1/audit/checkpoints and the checkpoint-aware GET /v1/audit/verify over HTTP. */
class AuditCheckpointApiTest {

  @Test
  void checkpoints_auditorReadsSignedHeads_platformForbidden() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      String auditor = server.key(Role.AUDITOR);
      server.app().auditCheckpointer().checkpoint().orElseThrow();
      TestServer.Reply reply = server.send("GET", "/v1/audit/checkpoints", auditor, null);
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      JsonNode checkpoint = reply.json().get("checkpoints").get(0);
      assertThat(checkpoint.get("seq").asLong()).isPositive();
      assertThat(checkpoint.get("hash").asText()).hasSize(64);
      assertThat(checkpoint.get("signature").asText()).isNotBlank();
      assertThat(checkpoint.get("publicKey").asText()).isNotBlank();
      assertThat(reply.body()).doesNotContain("private");

      assertThat(
              server.send("GET", "/v1/audit/checkpoints", server.key(Role.PLATFORM), null).status())
          .isEqualTo(403);

      JsonNode verify = server.send("GET", "/v1/audit/verify", auditor, null).json();
      assertThat(verify.get("intact").asBoolean()).isTrue();
      assertThat(verify.get("checkpoints").asInt()).isEqualTo(1);
    }
  }
}
