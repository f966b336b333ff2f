package org.vigil.core.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.vigil.core.json.Json;

/**
 * The Transparency Database's validation of one statement of reasons, driven by {@code
 * dsa/sor-v2-fields.json} (test resources): types, enumerations, lengths, patterns, date bounds
 * from the file; the conditional rules, which the file states in prose, written out here one by
 * one. Like the service, it trims strings and turns "" into null first, ignores unknown fields, and
 * drops fields a condition excludes. Messages follow Laravel's English wording where the service's
 * tests confirm it; the keys are what tests rely on.
 */
public final class SorValidator {

  private static final JsonNode SCHEMA = load();
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private final Map<String, JsonNode> fields = new LinkedHashMap<>();

  public SorValidator() {
    for (JsonNode field : SCHEMA.get("fields")) {
      fields.put(field.get("name").asText(), field);
    }
  }

  /** The field names the schema knows. */
  public Set<String> fieldNames() {
    return fields.keySet();
  }

  private static JsonNode load() {
    try (InputStream in = SorValidator.class.getResourceAsStream("/dsa/sor-v2-fields.json")) {
      if (in == null) {
        throw new IllegalStateException("dsa/sor-v2-fields.json is missing from test resources");
      }
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Errors by field key; empty when the statement would be accepted. */
  public Map<String, List<String>> validate(JsonNode statement) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    if (statement == null || !statement.isObject()) {
      errors.put("statement", List.of("The statement must be an object."));
      return errors;
    }
    ObjectNode s = (ObjectNode) normalise(statement);
    String ground = text(s, "decision_ground");
    // Required fields.
    for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
      if ("required".equals(field.getValue().path("required").asText())
          && !present(s, field.getKey())) {
        add(errors, field.getKey(), "The " + label(field.getKey()) + " field is required.");
      }
    }
    // At least one of the four restriction fields (required_without_all).
    List<String> restrictions =
        List.of(
            "decision_visibility", "decision_monetary", "decision_provision", "decision_account");
    if (restrictions.stream().noneMatch(name -> present(s, name))) {
      for (String name : restrictions) {
        List<String> others = new ArrayList<>();
        for (String other : restrictions) {
          if (!other.equals(name)) {
            others.add(label(other));
          }
        }
        add(
            errors,
            name,
            "The "
                + label(name)
                + " field is required when none of "
                + String.join(" / ", others)
                + " are present.");
      }
    }
    // Conditional requirements and exclusions.
    Set<String> excluded = new HashSet<>();
    requireIf(
        s,
        errors,
        excluded,
        "decision_visibility_other",
        contains(s, "decision_visibility", "DECISION_VISIBILITY_OTHER"));
    requireIf(
        s,
        errors,
        excluded,
        "decision_monetary_other",
        "DECISION_MONETARY_OTHER".equals(text(s, "decision_monetary")));
    requireIf(
        s,
        errors,
        excluded,
        "content_type_other",
        contains(s, "content_type", "CONTENT_TYPE_OTHER"));
    boolean illegal = "DECISION_GROUND_ILLEGAL_CONTENT".equals(ground);
    boolean incompatible = "DECISION_GROUND_INCOMPATIBLE_CONTENT".equals(ground);
    requireIf(s, errors, excluded, "illegal_content_legal_ground", illegal);
    requireIf(s, errors, excluded, "illegal_content_explanation", illegal);
    requireIf(s, errors, excluded, "incompatible_content_ground", incompatible);
    requireIf(s, errors, excluded, "incompatible_content_explanation", incompatible);
    if (!incompatible) {
      excluded.add("incompatible_content_illegal");
    } else if (s.has("incompatible_content_illegal")
        && s.get("incompatible_content_illegal").isNull()) {
      add(
          errors,
          "incompatible_content_illegal",
          "The selected incompatible content illegal is invalid.");
    }
    if ("SOURCE_VOLUNTARY".equals(text(s, "source_type"))) {
      excluded.add("source_identity");
    }
    // Each present, not excluded field against its type, values, length, pattern and bounds.
    for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
      String name = field.getKey();
      if (excluded.contains(name) || !present(s, name)) {
        continue;
      }
      check(name, s.get(name), field.getValue(), errors);
    }
    return errors;
  }

  private void check(String name, JsonNode value, JsonNode def, Map<String, List<String>> errors) {
    String type = def.path("type").asText();
    Set<String> allowed = allowed(def);
    if (type.startsWith("array")) {
      if (!value.isArray()) {
        add(errors, name, "The " + label(name) + " field must be an array.");
        return;
      }
      for (JsonNode element : value) {
        if (!element.isTextual() || (allowed != null && !allowed.contains(element.asText()))) {
          add(errors, name, "The selected " + label(name) + " is invalid.");
          return;
        }
      }
      return;
    }
    if (type.equals("object")) {
      if (!value.isObject()) {
        add(errors, name, "The " + label(name) + " field must be an array.");
        return;
      }
      JsonNode ean = value.get("EAN-13");
      if (ean != null && (!ean.isTextual() || !ean.asText().matches("[0-9]{13}"))) {
        add(errors, name + ".EAN-13", "The " + name + ".EAN-13 field format is invalid.");
      }
      return;
    }
    if (!value.isTextual()) {
      add(errors, name, "The " + label(name) + " field must be a string.");
      return;
    }
    String text = value.asText();
    if (allowed != null && !allowed.contains(text)) {
      add(errors, name, "The selected " + label(name) + " is invalid.");
      return;
    }
    JsonNode max = def.get("max_length");
    if (max != null && max.isInt() && text.codePointCount(0, text.length()) > max.asInt()) {
      add(
          errors,
          name,
          "The " + label(name) + " field must not be greater than " + max.asInt() + " characters.");
    }
    JsonNode pattern = def.get("pattern");
    if (pattern != null && pattern.isTextual() && !Pattern.matches(pattern.asText(), text)) {
      add(errors, name, "The " + name + " format is invalid.");
    }
    if (type.startsWith("string (date")) {
      LocalDate date = null;
      if (DATE.matcher(text).matches()) {
        try {
          date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
          date = null;
        }
      }
      if (date == null) {
        add(errors, name, "The " + label(name) + " does not match the format YYYY-MM-DD.");
        return;
      }
      JsonNode min = def.get("min");
      if (min != null && min.isTextual() && date.isBefore(LocalDate.parse(min.asText()))) {
        add(
            errors,
            name,
            "The " + label(name) + " field must be a date after or equal to " + min.asText() + ".");
      }
      JsonNode maxDate = def.get("max");
      if (maxDate != null
          && maxDate.isTextual()
          && date.isAfter(LocalDate.parse(maxDate.asText()))) {
        add(
            errors,
            name,
            "The "
                + label(name)
                + " field must be a date before or equal to "
                + maxDate.asText()
                + ".");
      }
    }
    if (type.equals("string (URL)")) {
      try {
        java.net.URI uri = new java.net.URI(text);
        if (uri.getScheme() == null || uri.getHost() == null) {
          add(errors, name, "The " + label(name) + " field must be a valid URL.");
        }
      } catch (java.net.URISyntaxException e) {
        add(errors, name, "The " + label(name) + " field must be a valid URL.");
      }
    }
  }

  private static Set<String> allowed(JsonNode def) {
    JsonNode values = def.get("allowed_values");
    if (values == null || !values.isArray()) {
      return null;
    }
    Set<String> out = new HashSet<>();
    for (JsonNode v : values) {
      out.add(v.isTextual() ? v.asText() : v.get("value").asText());
    }
    return out;
  }

  private void requireIf(
      ObjectNode s,
      Map<String, List<String>> errors,
      Set<String> excluded,
      String name,
      boolean condition) {
    if (!condition) {
      excluded.add(name);
    } else if (!present(s, name)) {
      add(errors, name, "The " + label(name) + " field is required.");
    }
  }

  private static boolean contains(ObjectNode s, String name, String value) {
    JsonNode node = s.get(name);
    if (node == null || !node.isArray()) {
      return false;
    }
    for (JsonNode element : node) {
      if (value.equals(element.asText())) {
        return true;
      }
    }
    return false;
  }

  private static String text(ObjectNode s, String name) {
    JsonNode node = s.get(name);
    return node != null && node.isTextual() ? node.asText() : null;
  }

  /** Laravel's "required": absent, null and empty arrays do not count. */
  private static boolean present(ObjectNode s, String name) {
    JsonNode node = s.get(name);
    if (node == null || node.isNull()) {
      return false;
    }
    return !(node.isArray() && node.isEmpty());
  }

  /** Laravel's TrimStrings and ConvertEmptyStringsToNull, recursively. */
  private static JsonNode normalise(JsonNode node) {
    if (node.isTextual()) {
      String trimmed = node.asText().strip();
      return trimmed.isEmpty()
          ? JsonNodeFactory.instance.nullNode()
          : JsonNodeFactory.instance.textNode(trimmed);
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.properties().forEach(e -> out.set(e.getKey(), normalise(e.getValue())));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(normalise(e)));
      return out;
    }
    return node;
  }

  private static String label(String name) {
    return name.replace('_', ' ');
  }

  private static void add(Map<String, List<String>> errors, String key, String message) {
    errors.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
  }
}
