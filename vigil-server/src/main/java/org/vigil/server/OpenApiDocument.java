package org.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.core.auth.Role;
import org.vigil.core.json.Json;

/**
 * Builds /openapi.json from the base document and each module's fragment. Fragments are written by
 * hand next to the code they describe (summary, operationId, parameters, request body, answers and
 * the refusals only the handler knows: 400, 404, 409, 413, 415, 422, 429). What follows from the
 * route table is added here, so it cannot drift from the code: on every API-key route the 401 and
 * 403 refusals, 503 (database unavailable) and the roles ({@code x-vigil-roles}); on every route
 * 500. A test (OpenApiCoverageTest) checks every registered route is documented with an operationId
 * and its refusals, and CI lints the served document and generates a client from it.
 */
final class OpenApiDocument {

  private OpenApiDocument() {}

  static ObjectNode build(List<ApiModule> modules, List<Routes.Route> routes) {
    ObjectNode document = (ObjectNode) load("openapi/base.json");
    ObjectNode paths = document.withObject("/paths");
    ObjectNode schemas = document.withObject("/components").withObject("/schemas");
    for (ApiModule module : modules) {
      JsonNode fragment = load(module.openApiResource());
      merge(paths, fragment.path("paths"), module.openApiResource());
      for (Map.Entry<String, JsonNode> schema :
          fragment.path("components").path("schemas").properties()) {
        // Two fragments naming different schemas alike would silently describe one endpoint with
        // the other's schema; refuse it at start (every test that starts a server sees it).
        JsonNode existing = schemas.get(schema.getKey());
        if (existing != null && !existing.equals(schema.getValue())) {
          throw new IllegalStateException(
              "OpenAPI schema "
                  + schema.getKey()
                  + " is defined differently by two fragments, one of them "
                  + module.openApiResource()
                  + ": rename one");
        }
        schemas.set(schema.getKey(), schema.getValue());
      }
    }
    for (Routes.Route route : routes) {
      JsonNode operation = paths.path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
      if (operation instanceof ObjectNode documented) {
        complete(documented, route);
      }
    }
    return document;
  }

  private static void complete(ObjectNode operation, Routes.Route route) {
    ObjectNode responses = operation.withObject("/responses");
    if (route.access() == Routes.Access.API_KEY) {
      refusal(responses, "401");
      refusal(responses, "403");
      refusal(responses, "503");
      ArrayNode roles = operation.putArray("x-vigil-roles");
      route.roles().stream().map(Role::wireName).sorted().forEach(roles::add);
    }
    refusal(responses, "500");
  }

  private static void refusal(ObjectNode responses, String status) {
    if (!responses.has(status)) {
      responses.putObject(status).put("$ref", "#/components/responses/Error");
    }
  }

  /** Adds a fragment's paths; two fragments may share a path, never an operation. */
  private static void merge(ObjectNode paths, JsonNode source, String resource) {
    for (Map.Entry<String, JsonNode> path : source.properties()) {
      ObjectNode target = paths.withObject("/" + escape(path.getKey()));
      for (Map.Entry<String, JsonNode> item : path.getValue().properties()) {
        if (target.has(item.getKey()) && !item.getKey().equals("parameters")) {
          throw new IllegalStateException(
              "OpenAPI operation "
                  + item.getKey()
                  + " "
                  + path.getKey()
                  + " is described twice, once in "
                  + resource);
        }
        target.set(item.getKey(), item.getValue());
      }
    }
  }

  /** A path as one JSON Pointer segment ("/v1/banks" → "~1v1~1banks"). */
  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
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
