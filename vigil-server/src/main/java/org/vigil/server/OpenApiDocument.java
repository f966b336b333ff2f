package org.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.vigil.core.json.Json;

/**
 * Builds /openapi.json from the base document and each module's fragment. Fragments are written by
 * hand next to the code they describe; a test checks that every registered route is documented, so
 * the document cannot silently fall behind.
 */
final class OpenApiDocument {

  private OpenApiDocument() {}

  static ObjectNode build(List<ApiModule> modules) {
    ObjectNode document = (ObjectNode) load("openapi/base.json");
    ObjectNode paths = document.withObject("/paths");
    ObjectNode schemas = document.withObject("/components").withObject("/schemas");
    for (ApiModule module : modules) {
      JsonNode fragment = load(module.openApiResource());
      merge(paths, fragment.path("paths"));
      merge(schemas, fragment.path("components").path("schemas"));
    }
    return document;
  }

  private static void merge(ObjectNode target, JsonNode source) {
    for (Map.Entry<String, JsonNode> field : source.properties()) {
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
        existingObject.setAll((ObjectNode) field.getValue());
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  private static JsonNode load(String resource) {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing OpenAPI resource " + resource);
      }
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable OpenAPI resource " + resource, e);
    }
  }
}
