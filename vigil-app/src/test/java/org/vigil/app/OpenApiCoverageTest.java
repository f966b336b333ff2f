package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.vigil.server.Routes;
import org.vigil.store.TestDatabases;

/** /openapi.json documents exactly the endpoints the server registers, and nothing else. */
class OpenApiCoverageTest {

  @Test
  void openApi_everyRegisteredRoute_isDocumentedWithItsMethod() {
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      TestServer.Reply reply = server.send("GET", "/openapi.json", null, null);
      assertThat(reply.status()).isEqualTo(200);
      JsonNode document = reply.json();
      assertThat(document.get("openapi").asText()).startsWith("3.");
      JsonNode paths = document.get("paths");
      int documented = 0;
      for (var path : paths.properties()) {
        for (var method : path.getValue().properties()) {
          if (!method.getKey().equals("parameters")) {
            documented++;
          }
        }
      }
      for (Routes.Route route : server.server().routes()) {
        JsonNode path = paths.get(route.path());
        assertThat(path).as("path %s documented", route.path()).isNotNull();
        assertThat(path.get(route.method().toLowerCase(Locale.ROOT)))
            .as("%s %s documented", route.method(), route.path())
            .isNotNull();
      }
      assertThat(documented).isEqualTo(server.server().routes().size());
      // Every $ref resolves.
      assertThat(unresolved(document, document)).isNull();
    }
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
