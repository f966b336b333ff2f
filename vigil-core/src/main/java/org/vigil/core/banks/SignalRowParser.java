package org.vigil.core.banks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.core.json.Json;

/**
 * Turns one line of a bulk import into a {@link NewSignal}, or explains why it cannot.
 *
 * <p>CSV rows are {@code type,value,external_id,category} (RFC 4180 quoting within the line; an
 * optional header row with those names is skipped). NDJSON rows are objects with {@code type},
 * {@code value} and optionally {@code externalId} (or {@code external_id}), {@code category} and
 * {@code source}.
 */
final class SignalRowParser {

  /** The formats accepted by import. */
  enum Format {
    CSV,
    NDJSON
  }

  /** Raised for a row that cannot become a signal; names the offending field. */
  static final class RowException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    RowException(String field, String message) {
      super(message);
      this.field = field;
    }

    String field() {
      return field;
    }
  }

  private static final int MAX_TEXT = NewSignal.MAX_TEXT;

  private final Format format;
  private final String defaultSource;

  SignalRowParser(Format format, String defaultSource) {
    this.format = format;
    this.defaultSource = defaultSource;
  }

  /** True for a CSV header row, which is skipped rather than rejected. */
  boolean isHeader(String line) {
    return format == Format.CSV
        && line.replace(" ", "").toLowerCase(Locale.ROOT).startsWith("type,value");
  }

  NewSignal parse(String line) throws RowException {
    return format == Format.CSV ? parseCsv(line) : parseJson(line);
  }

  private NewSignal parseCsv(String line) throws RowException {
    List<String> fields = splitCsv(line);
    if (fields.size() < 2 || fields.size() > 4) {
      throw new RowException(
          null, "expected 2 to 4 columns (type,value,external_id,category), got " + fields.size());
    }
    return build(
        fields.get(0),
        fields.get(1),
        fields.size() > 2 ? fields.get(2) : null,
        fields.size() > 3 ? fields.get(3) : null,
        null);
  }

  private NewSignal parseJson(String line) throws RowException {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new RowException(null, "not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new RowException(null, "expected a JSON object");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = entry.getKey();
      if (!List.of("type", "value", "externalId", "external_id", "category", "source")
          .contains(key)) {
        throw new RowException(key, "unknown field '" + key + "'");
      }
      if (!entry.getValue().isTextual() && !entry.getValue().isNull()) {
        throw new RowException(key, key + " must be a string");
      }
    }
    String externalId = text(node, "externalId");
    if (externalId == null) {
      externalId = text(node, "external_id");
    }
    return build(
        text(node, "type"),
        text(node, "value"),
        externalId,
        text(node, "category"),
        text(node, "source"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private NewSignal build(
      String typeText, String value, String externalId, String category, String source)
      throws RowException {
    if (typeText == null || typeText.isBlank()) {
      throw new RowException("type", "type is missing");
    }
    SignalType type;
    try {
      type = SignalType.fromWire(typeText.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new RowException("type", e.getMessage());
    }
    String canonical;
    try {
      canonical = type.normalise(value == null ? null : value.trim());
    } catch (IllegalArgumentException e) {
      throw new RowException("value", e.getMessage());
    }
    return new NewSignal(
        type,
        canonical,
        limited("external_id", externalId),
        limited("source", source == null ? defaultSource : source),
        limited("category", category));
  }

  private static String limited(String field, String value) throws RowException {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.length() > MAX_TEXT) {
      throw new RowException(field, field + " is longer than " + MAX_TEXT + " characters");
    }
    return trimmed;
  }

  static List<String> splitCsv(String line) throws RowException {
    List<String> fields = new ArrayList<>(4);
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new RowException(null, "unterminated quoted field");
    }
    fields.add(field.toString());
    return fields;
  }
}
