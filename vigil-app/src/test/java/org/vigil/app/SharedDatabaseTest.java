package org.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/** Two servers on one PostgreSQL database: a bank change made on one reaches the other's scans. */
class SharedDatabaseTest {

  private static final String PDQ = ApiEndToEndTest.PDQ_A;
  private static final String SCAN =
      "{\"hashes\":{\"pdq\":\"" + ApiEndToEndTest.PDQ_A_NEAR + "\"}}";

  @Test
  void bankChangesOnOneServer_reachTheOtherWithoutRestart() throws Exception {
    String url = TestDatabases.postgresUrl();
    try (TestServer a = new TestServer(url, "postgres", "postgres");
        TestServer b = new TestServer(url, "postgres", "postgres")) {
      String platformB = b.key(Role.PLATFORM);
      a.send("POST", "/v1/banks", a.adminKey, "{\"name\":\"shared\",\"action\":\"block\"}");
      JsonNode signal =
          a.send(
                  "POST",
                  "/v1/banks/shared/signals",
                  a.adminKey,
                  "{\"type\":\"pdq\",\"value\":\"" + PDQ + "\"}")
              .json();
      awaitScanOn(b, platformB, d -> d.get("verdict").asText().equals("block"));

      a.send("PATCH", "/v1/banks/shared", a.adminKey, "{\"action\":\"label\"}");
      awaitScanOn(b, platformB, d -> d.get("verdict").asText().equals("label"));

      a.send("DELETE", "/v1/banks/shared/signals/" + signal.get("id").asLong(), a.adminKey, null);
      awaitScanOn(b, platformB, d -> d.get("verdict").asText().equals("allow"));

      String csv = "pdq," + PDQ + ",again,x\nmd5," + "ab".repeat(16) + ",m,x\n";
      a.send(
          a.request("/v1/banks/shared/import", a.adminKey)
              .header("Content-Type", "text/csv")
              .POST(HttpRequest.BodyPublishers.ofString(csv))
              .build());
      awaitScanOn(b, platformB, d -> d.get("matches").size() == 1);

      a.send("DELETE", "/v1/banks/shared", a.adminKey, null);
      awaitScanOn(b, platformB, d -> d.get("matches").isEmpty());
    }
  }

  /** Scans on {@code server} until the decision satisfies {@code expected}, for up to 10 s. */
  private static void awaitScanOn(TestServer server, String key, Predicate<JsonNode> expected)
      throws InterruptedException {
    JsonNode last = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      last = server.send("POST", "/v1/scan", key, SCAN).json();
      if (expected.test(last)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the second server never reached the expected state; last decision: " + last);
  }
}
