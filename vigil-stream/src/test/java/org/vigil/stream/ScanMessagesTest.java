package org.vigil.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.intake.ScanRequest;
import org.vigil.core.json.Json;

class ScanMessagesTest {

  private static final String PDQ =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  private static ScanRequest parse(String json) throws Exception {
    return ScanMessages.parseRequest(json.getBytes(StandardCharsets.UTF_8), 1_700_000_000_000L);
  }

  @Test
  void request_roundTrip_keepsEveryField() throws Exception {
    ScanRequest request =
        new ScanRequest(
            "req_1",
            "acme",
            "k1",
            Instant.parse("2026-12-05T03:00:00.123Z"),
            "photo-1",
            new ScanRequest.Hashes(PDQ, 90, null, null),
            null,
            Map.of("userId", "u-1", "age", 17));
    ScanRequest back = ScanMessages.parseRequest(ScanMessages.request(request), 0);
    assertThat(back.requestId()).isEqualTo("req_1");
    assertThat(back.tenant()).isEqualTo("acme");
    assertThat(back.submittedBy()).isEqualTo("k1");
    assertThat(back.submittedAt()).isEqualTo(request.submittedAt());
    assertThat(back.contentId()).isEqualTo("photo-1");
    assertThat(back.hashes()).isEqualTo(request.hashes());
    assertThat(back.context()).containsEntry("userId", "u-1").containsEntry("age", 17);
  }

  @Test
  void request_withMedia_roundTripsTheBytes() throws Exception {
    byte[] media = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
    ScanRequest request =
        new ScanRequest("r", "default", "k", Instant.EPOCH, null, null, media, Map.of());
    assertThat(ScanMessages.parseRequest(ScanMessages.request(request), 0).media())
        .containsExactly(media);
  }

  @Test
  void parseRequest_minimalDirectProducer_fillsDefaultsFromTheRecord() throws Exception {
    ScanRequest request =
        parse(
            "{\"version\":1,\"requestId\":\"u-1\",\"hashes\":{\"md5\":\""
                + "a".repeat(32)
                + "\"}}");
    assertThat(request.tenant()).isEqualTo("default");
    assertThat(request.submittedBy()).isEqualTo(ScanMessages.DIRECT_PRODUCER);
    assertThat(request.submittedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(request.partitionKey()).isEqualTo("u-1");
  }

  @Test
  void parseRequest_badMessages_nameTheProblem() {
    assertThatThrownBy(() -> parse("not json"))
        .isInstanceOf(ScanMessages.BadMessageException.class)
        .hasMessageStartingWith("not JSON");
    assertThatThrownBy(
            () -> parse("{\"version\":2,\"requestId\":\"a\",\"hashes\":{\"pdq\":\"x\"}}"))
        .hasMessage("version: must be 1");
    assertThatThrownBy(() -> parse("{\"version\":1,\"hashes\":{\"pdq\":\"x\"}}"))
        .hasMessage("requestId: is required");
    assertThatThrownBy(
            () ->
                parse("{\"version\":1,\"requestId\":\"a\",\"hashes\":{\"pdq\":\"x\"},\"extra\":1}"))
        .hasMessage("extra: unknown field");
    assertThatThrownBy(
            () -> parse("{\"version\":1,\"requestId\":\"a\",\"hashes\":{\"sha1\":\"x\"}}"))
        .hasMessage("hashes.sha1: unknown field");
    assertThatThrownBy(
            () -> parse("{\"version\":1,\"requestId\":\"a b\",\"hashes\":{\"pdq\":\"x\"}}"))
        .hasMessageStartingWith("requestId must be");
    assertThatThrownBy(() -> parse("{\"version\":1,\"requestId\":\"a\"}"))
        .hasMessage("give either hashes or media, not both or neither");
    assertThatThrownBy(() -> parse("{\"version\":1,\"requestId\":\"a\",\"media\":\"%%%\"}"))
        .hasMessage("media: must be standard base64");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"version\":1,\"requestId\":\"a\",\"hashes\":{\"pdq\":\"x\"},"
                        + "\"context\":{\"a\":{\"b\":1}}}"))
        .hasMessage("context.a: must be a string, number or boolean");
    assertThatThrownBy(() -> ScanMessages.parseRequest(null, 0))
        .hasMessage("empty message (no value)");
  }

  @Test
  void dead_binaryPayload_isBase64() throws Exception {
    byte[] dead = ScanMessages.dead("why", "t", 3, 42, new byte[] {(byte) 0xff, (byte) 0xfe});
    var node = Json.MAPPER.readTree(dead);
    assertThat(node.get("reason").asText()).isEqualTo("why");
    assertThat(node.get("offset").asLong()).isEqualTo(42);
    assertThat(node.get("payloadBase64").asText()).isEqualTo("//4=");
    assertThat(node.has("payload")).isFalse();
  }
}
