package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/** GET /v1/audit?after= reaches every entry, past the 1,000 a single page can hold. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AuditPagingTest {

  @Test
  void audit_afterCursor_pagesThroughMoreThanAThousandEntriesInOrder() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      for (int i = 0; i < 1_050; i++) {
        server.app().audit().record("system", "test.entry", "test:" + i, Map.of("n", i));
      }
      String auditor = server.key(Role.AUDITOR);
      long head = server.app().auditStore().head().seq();
      assertThat(head).isGreaterThan(1_000);

      List<Long> seqs = new ArrayList<>();
      String cursor = "0";
      int pages = 0;
      while (cursor != null) {
        TestServer.Reply reply =
            server.send("GET", "/v1/audit?limit=400&after=" + cursor, auditor, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        for (JsonNode entry : reply.json().get("entries")) {
          seqs.add(entry.get("seq").asLong());
        }
        JsonNode next = reply.json().path("next");
        cursor = next.isMissingNode() || next.isNull() ? null : next.asText();
        pages++;
      }
      // Every entry exactly once, in order, from the first to the head.
      assertThat(seqs).hasSize((int) head).isSorted().doesNotHaveDuplicates();
      assertThat(seqs.get(0)).isEqualTo(1);
      assertThat(seqs.get(seqs.size() - 1)).isEqualTo(head);
      assertThat(pages).isGreaterThanOrEqualTo(3);

      // A subject filter pages the same way.
      TestServer.Reply one =
          server.send("GET", "/v1/audit?after=0&subject=test:1049", auditor, null);
      assertThat(one.json().get("entries")).hasSize(1);

      // Without a cursor: the newest first, as before.
      TestServer.Reply newest = server.send("GET", "/v1/audit?limit=5", auditor, null);
      assertThat(newest.json().get("entries").get(0).get("seq").asLong())
          .isGreaterThanOrEqualTo(head);

      assertThat(server.send("GET", "/v1/audit?after=-1", auditor, null).status()).isEqualTo(422);
    }
  }
}
