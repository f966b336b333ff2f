package org.vigil.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vigil.core.auth.Principal;
import org.vigil.core.intake.ScanRequest;
import org.vigil.core.json.Json;
import org.vigil.core.records.DecisionRecord;

/**
 * The JSON of the three scan topics, version 1 (docs/kafka.md is the schema a platform publishing
 * straight to {@code vigil.scan.requests} follows). Parsing is strict: an unknown field, a wrong
 * type or a missing requirement is a {@link BadMessageException} naming the field, and the message
 * goes to the dead-letter topic with that reason.
 */
public final class ScanMessages {

  /** The only version this code reads and writes. */
  public static final int VERSION = 1;

  /** Who a request published without {@code submittedBy} is attributed to. */
  public static final String DIRECT_PRODUCER = "kafka-producer";

  private static final Set<String> REQUEST_FIELDS =
      Set.of(
          "version",
          "requestId",
          "tenant",
          "submittedBy",
          "submittedAt",
          "contentId",
          "hashes",
          "media",
          "context");
  private static final Set<String> HASH_FIELDS = Set.of("pdq", "pdqQuality", "md5", "sha256");

  private ScanMessages() {}

  /** A message that can never be read as a scan request. */
  public static final class BadMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadMessageException(String message) {
      super(message);
    }
  }

  /** The request as it is published. */
  public static byte[] request(ScanRequest request) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("version", VERSION);
    node.put("requestId", request.requestId());
    node.put("tenant", request.tenant());
    node.put("submittedBy", request.submittedBy());
    node.put("submittedAt", request.submittedAt().toString());
    if (request.contentId() != null) {
      node.put("contentId", request.contentId());
    }
    if (request.hashes() != null) {
      ObjectNode hashes = node.putObject("hashes");
      ScanRequest.Hashes h = request.hashes();
      if (h.pdq() != null) {
        hashes.put("pdq", h.pdq());
      }
      if (h.pdqQuality() >= 0) {
        hashes.put("pdqQuality", h.pdqQuality());
      }
      if (h.md5() != null) {
        hashes.put("md5", h.md5());
      }
      if (h.sha256() != null) {
        hashes.put("sha256", h.sha256());
      }
    }
    if (request.media() != null) {
      node.put("media", Base64.getEncoder().encodeToString(request.media()));
    }
    node.set("context", Json.MAPPER.valueToTree(request.context()));
    return bytes(node);
  }

  /**
   * Reads a request.
   *
   * @param recordTimestamp the Kafka record's timestamp, used as {@code submittedAt} when the
   *     producer left it out (it does not change when the record is delivered again)
   */
  public static ScanRequest parseRequest(byte[] value, long recordTimestamp)
      throws BadMessageException {
    if (value == null) {
      throw new BadMessageException("empty message (no value)");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(value);
    } catch (java.io.IOException e) {
      throw new BadMessageException("not JSON: " + firstLine(e.getMessage()));
    }
    if (node == null || !node.isObject()) {
      throw new BadMessageException("not a JSON object");
    }
    unknownFields(node, REQUEST_FIELDS, "");
    JsonNode version = node.get("version");
    if (version == null || !version.isInt() || version.intValue() != VERSION) {
      throw new BadMessageException("version: must be " + VERSION);
    }
    String requestId = text(node, "requestId", true);
    String tenant = text(node, "tenant", false);
    String submittedBy = text(node, "submittedBy", false);
    String submittedAtText = text(node, "submittedAt", false);
    Instant submittedAt;
    try {
      submittedAt =
          submittedAtText != null
              ? Instant.parse(submittedAtText)
              : Instant.ofEpochMilli(recordTimestamp);
    } catch (DateTimeParseException e) {
      throw new BadMessageException("submittedAt: must be an ISO-8601 instant");
    }
    String contentId = text(node, "contentId", false);
    if (contentId != null && contentId.length() > 256) {
      throw new BadMessageException("contentId: at most 256 characters");
    }
    ScanRequest.Hashes hashes = null;
    JsonNode hashNode = node.get("hashes");
    if (hashNode != null && !hashNode.isNull()) {
      if (!hashNode.isObject()) {
        throw new BadMessageException("hashes: must be an object");
      }
      unknownFields(hashNode, HASH_FIELDS, "hashes.");
      JsonNode quality = hashNode.get("pdqQuality");
      if (quality != null
          && (!quality.isInt() || quality.intValue() < 0 || quality.intValue() > 100)) {
        throw new BadMessageException("hashes.pdqQuality: must be a whole number 0 to 100");
      }
      hashes =
          new ScanRequest.Hashes(
              text(hashNode, "pdq", false),
              quality == null ? -1 : quality.intValue(),
              text(hashNode, "md5", false),
              text(hashNode, "sha256", false));
    }
    byte[] media = null;
    String mediaText = text(node, "media", false);
    if (mediaText != null) {
      try {
        media = Base64.getDecoder().decode(mediaText);
      } catch (IllegalArgumentException e) {
        throw new BadMessageException("media: must be standard base64");
      }
    }
    Map<String, Object> context = new LinkedHashMap<>();
    JsonNode contextNode = node.get("context");
    if (contextNode != null && !contextNode.isNull()) {
      if (!contextNode.isObject()) {
        throw new BadMessageException("context: must be an object of flat fields");
      }
      for (Map.Entry<String, JsonNode> field : contextNode.properties()) {
        JsonNode v = field.getValue();
        if (v.isContainerNode()) {
          throw new BadMessageException(
              "context." + field.getKey() + ": must be a string, number or boolean");
        }
        context.put(
            field.getKey(),
            v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText());
      }
    }
    try {
      return new ScanRequest(
          requestId,
          tenant == null ? Principal.DEFAULT_TENANT : tenant,
          submittedBy == null ? DIRECT_PRODUCER : submittedBy,
          submittedAt,
          contentId,
          hashes,
          media,
          context);
    } catch (IllegalArgumentException e) {
      throw new BadMessageException(e.getMessage());
    }
  }

  /** What a worker publishes on {@code vigil.scan.results} once the decision is stored. */
  public static byte[] result(ScanRequest request, DecisionRecord decision) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("version", VERSION);
    node.put("requestId", request.requestId());
    node.put("tenant", request.tenant());
    if (request.contentId() != null) {
      node.put("contentId", request.contentId());
    }
    node.put("decisionId", decision.id());
    node.put("verdict", decision.verdict().wireName());
    node.set("actions", Json.MAPPER.valueToTree(decision.actions()));
    node.put("policyVersion", decision.policyVersion());
    node.put("decidedAt", decision.createdAt().toString());
    return bytes(node);
  }

  /**
   * What goes to {@code vigil.scan.dead}: the reason, where the message came from, and the message
   * itself (as text when it is UTF-8, else base64), so it can be inspected and republished.
   */
  public static byte[] dead(
      String reason, String topic, int partition, long offset, byte[] original) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("version", VERSION);
    node.put("reason", reason);
    node.put("topic", topic);
    node.put("partition", partition);
    node.put("offset", offset);
    if (original != null) {
      String text = utf8(original);
      if (text != null) {
        node.put("payload", text);
      } else {
        node.put("payloadBase64", Base64.getEncoder().encodeToString(original));
      }
    }
    return bytes(node);
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static void unknownFields(JsonNode node, Set<String> known, String prefix)
      throws BadMessageException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new BadMessageException(prefix + name + ": unknown field");
      }
    }
  }

  private static String text(JsonNode node, String field, boolean required)
      throws BadMessageException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new BadMessageException(field + ": is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new BadMessageException(field + ": must be a string");
    }
    return value.textValue();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree is always serialisable", e);
    }
  }
}
