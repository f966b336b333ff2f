package org.vigil.app.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.app.ReviewConfig;
import org.vigil.app.TestServer;
import org.vigil.app.TransparencyDatabaseTokens;
import org.vigil.core.auth.Role;
import org.vigil.report.dsa.TransparencyDatabaseServer;
import org.vigil.store.TestDatabases;

/**
 * Each tenant is its own platform to the DSA Transparency Database: over HTTP on PostgreSQL, the
 * statements of two tenants with tokens reach the stand-in database under their own bearer tokens,
 * never in one batch; a third tenant without a token keeps its statement pending, and says why.
 */
class StatementFilingTenancyTest {

  private static final String TOKEN_A = "21|default_platform_token";
  private static final String TOKEN_B = "22|forum_b_platform_token";

  private static final String REMOVE =
      "{\"action\":\"remove\",\"ground\":\"terms\",\"explanation\":\"Spam advertising.\"}";

  /** A removal on a fresh case of the key's tenant; returns the case id. */
  private static String removed(TestServer server, String platform, String moderator, String id) {
    TestServer.Reply report =
        server.send(
            "POST", "/v1/reports", platform, ReviewApiTest.report(id, "terms", "user", "u-" + id));
    assertThat(report.status()).as(report.body()).isEqualTo(201);
    String caseId = report.json().get("caseId").asText();
    TestServer.Reply decided =
        server.send("POST", "/v1/cases/" + caseId + "/decision", moderator, REMOVE);
    assertThat(decided.status()).as(decided.body()).isEqualTo(201);
    return caseId;
  }

  private static JsonNode statement(TestServer server, String key, String caseId) {
    TestServer.Reply reply = server.send("GET", "/v1/cases/" + caseId + "/statement", key, null);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  /**
   * Runs the filer until {@code done}: the server's own filer job (every 10 s) may hold some
   * deliveries when the test's run starts, and finishes them on its thread.
   */
  private static void fileUntil(TestServer server, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    for (int i = 0; i < 300 && !done.getAsBoolean(); i++) {
      server.app().review().filer().fileDue();
      if (!done.getAsBoolean()) {
        Thread.sleep(100);
      }
    }
    assertThat(done.getAsBoolean()).as("filed within 30 s").isTrue();
  }

  @Test
  void statements_ofTwoTenants_filedUnderTheirOwnTokens_aTenantWithoutOneStaysPending()
      throws InterruptedException {
    try (TransparencyDatabaseServer database = new TransparencyDatabaseServer(TOKEN_A, TOKEN_B);
        TestServer server =
            new TestServer(
                TestDatabases.postgresUrl(),
                "postgres",
                "postgres",
                Clock.systemUTC(),
                ReviewConfig.defaults()
                    .withTransparencyDatabase(
                        database.url(),
                        TransparencyDatabaseTokens.of(
                            Map.of("default", TOKEN_A, "forum-b", TOKEN_B))))) {
      List<String> ofA = new ArrayList<>();
      List<String> ofB = new ArrayList<>();
      List<String> casesA = new ArrayList<>();
      String platformA = server.key(Role.PLATFORM);
      String moderatorA = server.key(Role.MODERATOR);
      String platformB = server.key(Role.PLATFORM, "forum-b");
      String moderatorB = server.key(Role.MODERATOR, "forum-b");
      String platformC = server.key(Role.PLATFORM, "forum-c");
      String moderatorC = server.key(Role.MODERATOR, "forum-c");
      String caseC = null;
      // Interleaved, so that one claim of the filer holds every tenant's statements.
      for (int i = 0; i < 3; i++) {
        String a = removed(server, platformA, moderatorA, "a-" + i);
        casesA.add(a);
        ofA.add(statement(server, platformA, a).get("puid").asText());
        String b = removed(server, platformB, moderatorB, "b-" + i);
        ofB.add(statement(server, platformB, b).get("puid").asText());
        caseC = removed(server, platformC, moderatorC, "c-" + i);
      }

      fileUntil(server, () -> database.stored().size() == 6);

      assertThat(database.stored(TOKEN_A)).containsOnlyKeys(ofA.toArray(String[]::new));
      assertThat(database.stored(TOKEN_B)).containsOnlyKeys(ofB.toArray(String[]::new));
      assertThat(database.batches()).isNotEmpty();
      for (TransparencyDatabaseServer.Batch batch : database.batches()) {
        assertThat(batch.puids())
            .as(batch.toString())
            .isSubsetOf(batch.token().equals(TOKEN_A) ? ofA : ofB);
      }
      JsonNode filedA = statement(server, platformA, casesA.get(0)).get("filing");
      assertThat(filedA.get("state").asText()).isEqualTo("filed");
      assertThat(filedA.get("reason").isNull()).isTrue();

      // forum-c has no token: nothing of it was sent; its statement says why it is pending.
      JsonNode pendingC = statement(server, platformC, caseC).get("filing");
      assertThat(pendingC.get("state").asText()).isEqualTo("pending");
      assertThat(pendingC.get("reason").asText())
          .contains("no Transparency Database token for tenant 'forum-c'")
          .doesNotContain("platform_token");
      assertThat(database.stored()).hasSize(6);
    }
  }

  @Test
  void statements_ofATenantGivenItsTokenLater_filedAtTheNextStart() throws InterruptedException {
    String url = TestDatabases.postgresUrl();
    String platformB;
    String caseB;
    try (TransparencyDatabaseServer database = new TransparencyDatabaseServer(TOKEN_A, TOKEN_B)) {
      try (TestServer first =
          new TestServer(
              url,
              "postgres",
              "postgres",
              Clock.systemUTC(),
              ReviewConfig.defaults()
                  .withTransparencyDatabase(
                      database.url(), TransparencyDatabaseTokens.of(Map.of("default", TOKEN_A))))) {
        platformB = first.key(Role.PLATFORM, "forum-b");
        caseB = removed(first, platformB, first.key(Role.MODERATOR, "forum-b"), "b-early");
        first.app().review().filer().fileDue();
        assertThat(statement(first, platformB, caseB).get("filing").get("reason").asText())
            .contains("forum-b");
      }
      assertThat(database.stored()).isEmpty();

      // The operator adds forum-b's token and restarts: the earlier statement is filed under it.
      try (TestServer second =
          new TestServer(
              url,
              "postgres",
              "postgres",
              Clock.systemUTC(),
              ReviewConfig.defaults()
                  .withTransparencyDatabase(
                      database.url(),
                      TransparencyDatabaseTokens.of(
                          Map.of("default", TOKEN_A, "forum-b", TOKEN_B))))) {
        String puid = statement(second, platformB, caseB).get("puid").asText();
        fileUntil(
            second,
            () ->
                statement(second, platformB, caseB)
                    .get("filing")
                    .get("state")
                    .asText()
                    .equals("filed"));
        JsonNode filing = statement(second, platformB, caseB).get("filing");
        assertThat(filing.get("state").asText()).as(filing.toString()).isEqualTo("filed");
        assertThat(database.stored(TOKEN_B)).containsOnlyKeys(puid);
        assertThat(database.stored(TOKEN_A)).isEmpty();
      }
    }
  }
}
