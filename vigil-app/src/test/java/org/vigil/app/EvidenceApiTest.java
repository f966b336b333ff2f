package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.auth.Role;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.PreserveRequest;
import org.vigil.core.testing.MutableClock;
import org.vigil.store.TestDatabases;

/** The evidence vault over HTTP on a real server: who may read, holds, audit, the key file. */
class EvidenceApiTest {

  record Db(String name, String url, String user, String password) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Db> databases() {
    return List.of(new Db("postgres", TestDatabases.postgresUrl(), "postgres", "postgres"));
  }

  private static final byte[] PICTURE = "benign synthetic bytes".getBytes(StandardCharsets.UTF_8);

  private static EvidenceItem preserve(TestServer server) {
    return server
        .app()
        .evidence()
        .preserve(
            new PreserveRequest("default", "dec_42", "post-9", "image/png", null, PICTURE),
            "key:test");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void read_specialistGetsBytesOthersRefusedEveryReadAudited(Db db) throws Exception {
    try (TestServer server =
        new TestServer(db.url(), db.user(), db.password(), new MutableClock(Instant.now()))) {
      EvidenceItem item = preserve(server);
      String specialist = server.key(Role.SPECIALIST);

      TestServer.Reply read = server.send("GET", "/v1/evidence/" + item.id(), specialist, null);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(PICTURE);
      assertThat(read.headers().get("cache-control")).containsExactly("no-store");
      assertThat(read.headers().get("x-vigil-sha256")).containsExactly(item.sha256());

      for (Role role : List.of(Role.MODERATOR, Role.PLATFORM, Role.AUDITOR)) {
        TestServer.Reply refused =
            server.send("GET", "/v1/evidence/" + item.id(), server.key(role), null);
        assertThat(refused.status()).as(role.wireName()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("forbidden");
      }
      assertThat(server.send("GET", "/v1/evidence/" + item.id(), null, null).status())
          .isEqualTo(401);

      JsonNode audit =
          server
              .send("GET", "/v1/audit?subject=evidence:" + item.id(), server.adminKey, null)
              .json()
              .get("entries");
      assertThat(audit.findValuesAsText("action"))
          .containsExactly("evidence.read", "evidence.preserve");

      Path keyFile = server.dataDir().resolve("vault.key");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(keyFile).strip()).hasSize(64);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void listAndHold_bySource_holdNeedsReasonReleaseIsAdminOnly(Db db) {
    try (TestServer server =
        new TestServer(db.url(), db.user(), db.password(), new MutableClock(Instant.now()))) {
      EvidenceItem item = preserve(server);
      String specialist = server.key(Role.SPECIALIST);

      JsonNode list = server.send("GET", "/v1/evidence?source=dec_42", specialist, null).json();
      assertThat(list.get("items").findValuesAsText("id")).containsExactly(item.id());
      assertThat(server.send("GET", "/v1/evidence", specialist, null).json().get("field").asText())
          .isEqualTo("source");

      TestServer.Reply noReason =
          server.send("POST", "/v1/evidence/" + item.id() + "/hold", specialist, "{}");
      assertThat(noReason.status()).isEqualTo(422);
      assertThat(noReason.json().get("field").asText()).isEqualTo("reason");
      TestServer.Reply badDate =
          server.send(
              "POST",
              "/v1/evidence/" + item.id() + "/hold",
              specialist,
              "{\"reason\":\"case 17\",\"until\":\"next year\"}");
      assertThat(badDate.json().get("field").asText()).isEqualTo("until");

      TestServer.Reply held =
          server.send(
              "POST",
              "/v1/evidence/" + item.id() + "/hold",
              specialist,
              "{\"reason\":\"court case 2026-CV-17\",\"until\":\"2030-01-01T00:00:00Z\"}");
      assertThat(held.status()).isEqualTo(200);
      assertThat(held.json().get("holdReason").asText()).isEqualTo("court case 2026-CV-17");
      assertThat(held.json().get("retainUntil").asText()).startsWith("2030-01-01");

      assertThat(
              server
                  .send("DELETE", "/v1/evidence/" + item.id() + "/hold", specialist, null)
                  .status())
          .isEqualTo(403);
      TestServer.Reply released =
          server.send("DELETE", "/v1/evidence/" + item.id() + "/hold", server.adminKey, null);
      assertThat(released.status()).isEqualTo(200);
      assertThat(released.json().get("held").asBoolean()).isFalse();
      assertThat(server.send("GET", "/v1/evidence/ev_nope", specialist, null).status())
          .isEqualTo(404);
    }
  }
}
