package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Role;
import org.vigil.server.Routes;
import org.vigil.store.TestDatabases;

/**
 * /openapi.json documents exactly the endpoints the server registers, each usable by a client
 * generator: an operationId, its request body's schema, its answers and its refusals with the JSON
 * error body, and the right security. The route table is walked live, so a route added later is
 * caught; every problem is listed at once with what to add. The served document is also written to
 * target/openapi.json, which .ci/openapi/check lints and generates a client from.
 */
class OpenApiCoverageTest {

  /** Where CI's independent linter and client generator read the document. */
  static final Path SERVED_DOCUMENT = Path.of("target", "openapi.json");

  /**
   * Public routes that cannot refuse a well-formed request: nothing to list but 500. Each is exempt
   * from the "at least one 4xx" rule here and in .ci/openapi/.redocly.lint-ignore.yaml.
   */
  private static final Set<String> NO_CLIENT_ERROR =
      Set.of("GET /healthz", "GET /metrics", "GET /openapi.json", "GET /console/login");

  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/]+)}");
  private static final Pattern OPERATION_ID = Pattern.compile("[a-z][A-Za-z0-9]*");

  @Test
  void openApi_everyRegisteredRoute_isDocumentedForClientGenerators() throws Exception {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      TestServer.Reply reply = server.send("GET", "/openapi.json", null, null);
      assertThat(reply.status()).isEqualTo(200);
      Files.createDirectories(SERVED_DOCUMENT.getParent());
      Files.writeString(SERVED_DOCUMENT, reply.body(), StandardCharsets.UTF_8);
      JsonNode document = reply.json();
      assertThat(document.get("openapi").asText()).startsWith("3.");
      assertThat(document.at("/info/license/name").asText()).isEqualTo("Apache-2.0");

      List<Routes.Route> routes = server.server().routes();
      List<String> problems = new ArrayList<>();
      Map<String, String> operationIds = new HashMap<>();
      Set<String> registered = new TreeSet<>();
      for (Routes.Route route : routes) {
        registered.add(route.method() + " " + route.path());
        check(document, route, problems, operationIds);
      }
      for (var path : document.get("paths").properties()) {
        for (var method : path.getValue().properties()) {
          String key = method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
          if (!method.getKey().equals("parameters") && !registered.contains(key)) {
            problems.add(key + " is documented but no such route is registered: remove it");
          }
        }
      }
      String bad = unresolved(document, document);
      if (bad != null) {
        problems.add("$ref " + bad + " does not resolve");
      }
      assertThat(problems)
          .as(
              "the API description (vigil-server/src/main/resources/openapi/*.json, the module's"
                  + " ApiModule.openApiResource()) must describe every route; 401, 403, 500 and"
                  + " 503 are added from the route table")
          .isEmpty();
    }
  }

  private static void check(
      JsonNode document, Routes.Route route, List<String> problems, Map<String, String> ids) {
    String name = route.method() + " " + route.path();
    JsonNode pathItem = document.path("paths").path(route.path());
    JsonNode operation = pathItem.path(route.method().toLowerCase(Locale.ROOT));
    if (!operation.isObject()) {
      problems.add(
          name
              + " is registered but not documented: add \"paths\" → \""
              + route.path()
              + "\" → \""
              + route.method().toLowerCase(Locale.ROOT)
              + "\": {\"operationId\", \"summary\", \"requestBody\" (when it reads one),"
              + " \"responses\": {its 2xx, and each refusal the handler raises, e.g. \"404\":"
              + " {\"$ref\": \"#/components/responses/Error\"}}} to its module's fragment");
      return;
    }
    String id = operation.path("operationId").asText("");
    if (!OPERATION_ID.matcher(id).matches()) {
      problems.add(
          name
              + " needs an \"operationId\" in lowerCamelCase (e.g. \"createBank\"), got '"
              + id
              + "'");
    } else if (ids.containsKey(id)) {
      problems.add(name + " has operationId '" + id + "', already used by " + ids.get(id));
    } else {
      ids.put(id, name);
    }
    if (operation.path("summary").asText("").isBlank()) {
      problems.add(name + " needs a \"summary\"");
    }
    JsonNode responses = operation.path("responses");
    boolean answers = false;
    boolean clientError = false;
    for (var response : responses.properties()) {
      char first = response.getKey().charAt(0);
      answers |= first == '2' || first == '3';
      clientError |= first == '4';
      if ((first == '4' || first == '5')
          && route.access() != Routes.Access.CONSOLE_SESSION
          && !name.equals("GET /healthz")
          && !isErrorBody(document, response.getValue())) {
        problems.add(
            name
                + " response "
                + response.getKey()
                + " must be the JSON error body: {\"$ref\": \"#/components/responses/Error\"}");
      }
    }
    if (!answers) {
      problems.add(name + " documents no 2xx answer");
    }
    if (!clientError && !NO_CLIENT_ERROR.contains(name)) {
      problems.add(
          name
              + " lists no 4xx refusal: add each one the handler can raise (\"400\", \"404\","
              + " \"409\", \"413\", \"422\"...: {\"$ref\": \"#/components/responses/Error\"})");
    }
    if (!responses.has("500")) {
      problems.add(name + " lacks 500 (OpenApiDocument adds it to every route)");
    }
    JsonNode body = operation.path("requestBody");
    if (body.isObject()) {
      if (!body.path("content").isObject() || body.path("content").isEmpty()) {
        problems.add(name + " has a requestBody without content");
      }
      for (var content : body.path("content").properties()) {
        if (!content.getValue().path("schema").isObject()) {
          problems.add(name + " request body " + content.getKey() + " needs a \"schema\"");
        }
      }
      if (body.path("content").has("application/json") && route.access() == Routes.Access.API_KEY) {
        for (String status : List.of("400", "413", "422")) {
          if (!responses.has(status)) {
            problems.add(
                name
                    + " reads a JSON body, so it can answer "
                    + status
                    + " (malformed, too large, invalid): add \""
                    + status
                    + "\": {\"$ref\": \"#/components/responses/Error\"}");
          }
        }
      }
    }
    checkParameters(name, route.path(), pathItem, operation, problems);
    checkSecurity(name, route, operation, problems);
  }

  private static void checkParameters(
      String name, String path, JsonNode pathItem, JsonNode operation, List<String> problems) {
    Set<String> declared = new TreeSet<>();
    for (JsonNode parameters : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
      for (JsonNode parameter : parameters) {
        if (parameter.path("in").asText().equals("path")) {
          declared.add(parameter.path("name").asText());
        }
      }
    }
    Matcher m = PATH_PARAMETER.matcher(path);
    while (m.find()) {
      if (!declared.contains(m.group(1))) {
        problems.add(
            name
                + " needs the path parameter {\"name\": \""
                + m.group(1)
                + "\", \"in\": \"path\", \"required\": true, \"schema\": {...}}");
      }
    }
  }

  private static void checkSecurity(
      String name, Routes.Route route, JsonNode operation, List<String> problems) {
    JsonNode security = operation.get("security");
    switch (route.access()) {
      case API_KEY -> {
        if (security != null) {
          problems.add(name + " takes an API key: remove its \"security\" (the default applies)");
        }
        for (String status : List.of("401", "403")) {
          if (!operation.path("responses").has(status)) {
            problems.add(name + " lacks " + status + " (OpenApiDocument adds it)");
          }
        }
        Set<String> roles = new TreeSet<>();
        operation.path("x-vigil-roles").forEach(r -> roles.add(r.asText()));
        Set<String> expected = new TreeSet<>();
        route.roles().stream().map(Role::wireName).forEach(expected::add);
        if (!roles.equals(expected)) {
          problems.add(name + " x-vigil-roles " + roles + " differ from the route's " + expected);
        }
      }
      case PUBLIC -> {
        if (security == null || !security.isArray() || !security.isEmpty()) {
          problems.add(name + " needs no key: add \"security\": []");
        }
      }
      case CONSOLE_SESSION -> {
        boolean open = security != null && security.isArray() && security.isEmpty();
        boolean session =
            security != null && security.size() == 1 && security.get(0).has("consoleSession");
        if (!open && !session) {
          problems.add(
              name + " is a console page: add \"security\": [{\"consoleSession\": []}] (or [])");
        }
      }
    }
  }

  /**
   * The response is the JSON error body: the Error response, or a schema with error and message.
   */
  private static boolean isErrorBody(JsonNode document, JsonNode response) {
    JsonNode resolved = resolve(document, response);
    JsonNode schema =
        resolve(document, resolved.path("content").path("application/json").path("schema"));
    JsonNode properties = schema.path("properties");
    return properties.has("error") && properties.has("message") && properties.has("field");
  }

  private static JsonNode resolve(JsonNode document, JsonNode node) {
    JsonNode ref = node.get("$ref");
    return ref == null ? node : document.at(ref.asText().substring(1));
  }

  private static String unresolved(JsonNode root, JsonNode node) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && root.at(ref.asText().substring(1)).isMissingNode()) {
        return ref.asText();
      }
      for (var field : node.properties()) {
        String bad = unresolved(root, field.getValue());
        if (bad != null) {
          return bad;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        String bad = unresolved(root, element);
        if (bad != null) {
          return bad;
        }
      }
    }
    return null;
  }
}
