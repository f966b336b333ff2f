package org.vigil.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigil.core.intake.ScanRequest;
import org.vigil.core.json.Json;
import org.vigil.core.usecases.QueuedScans;

/**
 * The JSON Schema published for {@code vigil.scan.requests} (docs/kafka.md) against what a worker
 * reads: every message the schema accepts is decided, every message a worker refuses the schema
 * refuses too, and what Vigil itself publishes is valid.
 */
class ScanRequestSchemaTest {

  private static final String SCHEMA = "/org/vigil/stream/scan-request-1.schema.json";
  private static final String PDQ =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  private static JsonSchema schema() throws Exception {
    try (InputStream in = ScanRequestSchemaTest.class.getResourceAsStream(SCHEMA)) {
      assertThat(in).as(SCHEMA).isNotNull();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }
  }

  /** Whether a worker decides the message: it parses, and its hashes are well formed. */
  private static boolean workerAccepts(String json) {
    try {
      ScanRequest request =
          ScanMessages.parseRequest(json.getBytes(StandardCharsets.UTF_8), 1_700_000_000_000L);
      if (request.hashes() != null) {
        QueuedScans.parse(request.hashes());
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean schemaAccepts(JsonSchema schema, String json) throws Exception {
    JsonNode node = Json.MAPPER.readTree(json);
    return schema.validate(node).isEmpty();
  }

  @Test
  void schema_andWorker_agreeOnValidAndInvalidMessages() throws Exception {
    JsonSchema schema = schema();
    List<String> valid =
        List.of(
            "{\"version\":1,\"requestId\":\"u-1\",\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"}}",
            "{\"version\":1,\"requestId\":\"upl-20261205-000001\",\"tenant\":\"default\","
                + "\"contentId\":\"photo-881\",\"hashes\":{\"pdq\":\""
                + PDQ
                + "\"},\"context\":{\"userId\":\"u-42\"}}",
            "{\"version\":1,\"requestId\":\"a.b:c_d\",\"submittedBy\":\"ingest\","
                + "\"submittedAt\":\"2026-12-05T03:00:00.123Z\",\"hashes\":{\"pdq\":\""
                + PDQ.toUpperCase(java.util.Locale.ROOT)
                + "\",\"pdqQuality\":100,\"sha256\":\""
                + "0".repeat(64)
                + "\"},\"context\":{\"n\":3,\"ok\":true,\"s\":\"x\"}}",
            "{\"version\":1,\"requestId\":\"m\",\"media\":\"iVBORw0KGgo=\"}");
    List<String> invalid =
        List.of(
            "{\"version\":2,\"requestId\":\"r\",\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"}}",
            "{\"requestId\":\"r\",\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"}}",
            "{\"version\":1,\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"}}",
            "{\"version\":1,\"requestId\":\"has space\",\"hashes\":{\"md5\":\""
                + "a".repeat(32)
                + "\"}}",
            "{\"version\":1,\"requestId\":\""
                + "r".repeat(101)
                + "\",\"hashes\":{\"md5\":\""
                + "a".repeat(32)
                + "\"}}",
            "{\"version\":1,\"requestId\":\"r\"}",
            "{\"version\":1,\"requestId\":\"r\",\"hashes\":{}}",
            "{\"version\":1,\"requestId\":\"r\",\"hashes\":{\"pdqQuality\":50}}",
            "{\"version\":1,\"requestId\":\"r\",\"hashes\":{\"pdq\":\"zz\"}}",
            "{\"version\":1,\"requestId\":\"r\",\"hashes\":{\"md5\":\"" + "a".repeat(31) + "\"}}",
            "{\"version\":1,\"requestId\":\"r\",\"hashes\":{\"sha256\":\""
                + "g".repeat(64)
                + "\"}}",
            "{\"version\":1,\"requestId\":\"r\",\"hashes\":{\"pdq\":\""
                + PDQ
                + "\",\"pdqQuality\":101}}",
            "{\"version\":1,\"requestId\":\"r\",\"hashes\":{\"md5\":\""
                + "a".repeat(32)
                + "\",\"sha1\":\"x\"}}",
            "{\"version\":1,\"requestId\":\"r\",\"media\":\"not base64!\"}",
            "{\"version\":1,\"requestId\":\"r\",\"media\":\"iVBORw0KGgo=\",\"hashes\":{\"md5\":\""
                + "a".repeat(32)
                + "\"}}",
            "{\"version\":1,\"requestId\":\"r\",\"extra\":1,\"hashes\":{\"md5\":\""
                + "a".repeat(32)
                + "\"}}",
            "{\"version\":1,\"requestId\":\"r\",\"submittedAt\":\"yesterday\",\"hashes\":{\"md5\":\""
                + "a".repeat(32)
                + "\"}}",
            "{\"version\":1,\"requestId\":\"r\",\"contentId\":\""
                + "c".repeat(257)
                + "\",\"hashes\":{\"md5\":\""
                + "a".repeat(32)
                + "\"}}",
            "{\"version\":1,\"requestId\":\"r\",\"tenant\":\" \",\"hashes\":{\"md5\":\""
                + "a".repeat(32)
                + "\"}}",
            "{\"version\":1,\"requestId\":\"r\",\"context\":{\"nested\":{\"a\":1}},"
                + "\"hashes\":{\"md5\":\""
                + "a".repeat(32)
                + "\"}}",
            "[1,2]");
    for (String json : valid) {
      assertThat(schemaAccepts(schema, json)).as("schema accepts %s", json).isTrue();
      assertThat(workerAccepts(json)).as("worker decides %s", json).isTrue();
    }
    for (String json : invalid) {
      assertThat(workerAccepts(json)).as("worker refuses %s", json).isFalse();
      assertThat(schemaAccepts(schema, json)).as("schema refuses %s", json).isFalse();
    }
  }

  @Test
  void request_publishedByVigil_isValidAgainstTheSchema() throws Exception {
    JsonSchema schema = schema();
    Random random = new Random(5);
    for (int i = 0; i < 200; i++) {
      byte[] digest = new byte[32];
      random.nextBytes(digest);
      String hex = HexFormat.of().formatHex(digest);
      boolean media = random.nextInt(4) == 0;
      ScanRequest request =
          new ScanRequest(
              "req_" + i,
              random.nextBoolean() ? "default" : "acme",
              "key:k" + i,
              Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt()),
              random.nextBoolean() ? "content-" + i : null,
              media
                  ? null
                  : new ScanRequest.Hashes(
                      random.nextBoolean() ? hex : null,
                      random.nextBoolean() ? random.nextInt(101) : -1,
                      hex.substring(0, 32),
                      random.nextBoolean() ? hex : null),
              media ? digest : null,
              Map.of("userId", "u-" + i, "n", i, "adult", random.nextBoolean()));
      String json = new String(ScanMessages.request(request), StandardCharsets.UTF_8);
      assertThat(schemaAccepts(schema, json)).as(json).isTrue();
    }
  }
}
