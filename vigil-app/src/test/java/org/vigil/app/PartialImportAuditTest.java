package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.json.Json;
import org.vigil.store.TestDatabases;

/**
 * Security review, issue 15 #4: an import that stops part-way (the client disconnects) left
 * thousands of committed rows and no audit entry. Each committed batch now carries its own entry,
 * in the same transaction.
 */
class PartialImportAuditTest {

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void import_clientDisconnectsMidStream_auditEntriesMatchCommittedRows() throws Exception {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      String admin = server.adminKey;
      server.send("POST", "/v1/banks", admin, "{\"name\":\"partial\",\"action\":\"block\"}");

      // 12,345 valid rows (two full batches of 5,000 and part of a third), then the client goes.
      StringBuilder csv = new StringBuilder();
      Random random = new Random(15);
      byte[] md5 = new byte[16];
      for (int i = 0; i < 12_345; i++) {
        random.nextBytes(md5);
        csv.append("md5,").append(HexFormat.of().formatHex(md5)).append('\n');
      }
      byte[] body = csv.toString().getBytes(StandardCharsets.US_ASCII);
      try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /v1/banks/partial/import?format=csv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer "
                    + admin
                    + "\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(500);
      } // closed without the terminating chunk: the import stops part-way

      // Wait until the server has given up on the request: both counts stop moving. A batch may
      // commit between the two reads, so only a repeated, agreeing pair ends the wait early.
      long stored = -1;
      long audited = -2;
      long previous = -3;
      for (int attempt = 0; attempt < 150; attempt++) {
        Thread.sleep(400);
        previous = stored;
        stored =
            server.send("GET", "/v1/banks/partial", admin, null).json().get("signals").asLong();
        audited = auditedRows(server, admin);
        if (stored > 0 && stored == audited && stored == previous) {
          break;
        }
      }
      assertThat(stored).as("rows committed before the disconnect").isGreaterThan(0);
      assertThat(audited).as("rows named by bank.import.batch entries").isEqualTo(stored);
    }
  }

  private static long auditedRows(TestServer server, String admin) throws Exception {
    JsonNode entries =
        server
            .send("GET", "/v1/audit?subject=bank:partial&limit=1000", admin, null)
            .json()
            .get("entries");
    long rows = 0;
    for (JsonNode entry : entries) {
      if (entry.get("action").asText().equals("bank.import.batch")) {
        rows += Json.MAPPER.readTree(entry.get("detailsJson").asText()).get("added").asLong();
      }
    }
    return rows;
  }
}
