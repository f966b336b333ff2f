package org.vigil.app.exchanges;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.app.TestServer;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/** /v1/exchanges over HTTP against a real partner list server and a real PostgreSQL store. */
@Timeout(180)
class ExchangesApiTest {

  private static final String TOKEN = "synthetic-token-1234";
  private static final String LIST =
      "type,value,external_id,category\n"
          + "md5,0123456789abcdef0123456789abcdef,p-1,A1\n"
          + "md5,fedcba9876543210fedcba9876543210,p-2,B1\n";

  private HttpServer partner;
  private TestServer server;

  @BeforeEach
  void start() throws IOException {
    partner = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    partner.createContext(
        "/list.csv",
        exchange -> {
          try (exchange) {
            if (!("Bearer " + TOKEN)
                .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
              exchange.sendResponseHeaders(401, -1);
              return;
            }
            byte[] body = LIST.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("ETag", "\"v1\"");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    partner.start();
    server = new TestServer(TestDatabases.postgresUrl(), null, null);
    assertThat(
            server
                .send("POST", "/v1/banks", server.adminKey, "{\"name\":\"partner-bank\"}")
                .status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() {
    server.close();
    partner.stop(0);
  }

  private String listUrl() {
    return "http://127.0.0.1:" + partner.getAddress().getPort() + "/list.csv";
  }

  private String create(String name, String token) {
    return "{\"name\":\""
        + name
        + "\",\"type\":\"url\",\"bank\":\"partner-bank\",\"url\":\""
        + listUrl()
        + "\",\"credentials\":{\"token\":\""
        + token
        + "\"},\"schedule\":\"15m\"}";
  }

  @Test
  void createFetchGetDelete_neverEchoesTheSecretAndFillsTheBank() {
    TestServer.Reply created =
        server.send("POST", "/v1/exchanges", server.adminKey, create("partner", TOKEN));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body()).doesNotContain(TOKEN);
    assertThat(created.json().at("/credentials/kind").asText()).isEqualTo("stored");
    assertThat(created.json().get("schedule").asText()).isEqualTo("PT15M");

    TestServer.Reply fetched =
        server.send("POST", "/v1/exchanges/partner/fetch", server.adminKey, null);
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json().get("added").asInt()).isEqualTo(2);
    assertThat(fetched.json().get("removed").asInt()).isEqualTo(0);

    TestServer.Reply one = server.send("GET", "/v1/exchanges/partner", server.adminKey, null);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.body()).doesNotContain(TOKEN);
    JsonNode state = one.json().get("state");
    assertThat(state.at("/total/added").asInt()).isEqualTo(2);
    assertThat(state.get("lastSuccessAt").isNull()).isFalse();
    assertThat(state.get("checkpoint").asText()).contains("v1");
    assertThat(server.send("GET", "/v1/exchanges", server.adminKey, null).json().get("exchanges"))
        .hasSize(1);
    assertThat(
            server
                .send("GET", "/v1/banks/partner-bank", server.adminKey, null)
                .json()
                .get("signals")
                .asInt())
        .isEqualTo(2);
    assertThat(
            server.send("GET", "/v1/audit?subject=exchange:partner", server.adminKey, null).body())
        .contains("exchange.create")
        .contains("exchange.fetch")
        .doesNotContain(TOKEN);

    assertThat(server.send("DELETE", "/v1/exchanges/partner", server.adminKey, null).status())
        .isEqualTo(204);
    assertThat(server.send("GET", "/v1/exchanges/partner", server.adminKey, null).status())
        .isEqualTo(404);
    // The signals stay in the bank with their provenance.
    assertThat(
            server
                .send("GET", "/v1/banks/partner-bank", server.adminKey, null)
                .json()
                .get("signals")
                .asInt())
        .isEqualTo(2);
  }

  @Test
  void fetch_refusedCredentials_is502WithTheExchangesErrorAndRecordedAsLastError() {
    server.send("POST", "/v1/exchanges", server.adminKey, create("partner", "wrong-token-999"));

    TestServer.Reply fetched =
        server.send("POST", "/v1/exchanges/partner/fetch", server.adminKey, null);

    assertThat(fetched.status()).isEqualTo(502);
    assertThat(fetched.json().get("error").asText()).isEqualTo("exchange_failed");
    assertThat(fetched.json().get("message").asText())
        .startsWith("authentication failed: HTTP 401");
    assertThat(fetched.body()).doesNotContain("wrong-token-999");
    assertThat(
            server
                .send("GET", "/v1/exchanges/partner", server.adminKey, null)
                .json()
                .at("/state/lastError")
                .asText())
        .contains("HTTP 401");
  }

  @Test
  void create_badInput_preciseErrors() {
    assertError(
        "{\"name\":\"x\",\"type\":\"carrier-pigeon\",\"bank\":\"partner-bank\",\"url\":\"https://a.example/x\"}",
        422,
        "type");
    assertError(
        "{\"name\":\"x\",\"type\":\"url\",\"bank\":\"no-such-bank\",\"url\":\"https://a.example/x\"}",
        422,
        "bank");
    assertError(
        "{\"name\":\"x\",\"type\":\"url\",\"bank\":\"partner-bank\",\"url\":\"https://a.example/x\",\"schedule\":\"5s\"}",
        422,
        "schedule");
    assertError(
        "{\"name\":\"x\",\"type\":\"ncmec\",\"bank\":\"partner-bank\",\"url\":\"https://hashsharing.example/hs\"}",
        422,
        "credentials");
    assertError(
        "{\"name\":\"x\",\"type\":\"ncmec\",\"bank\":\"partner-bank\",\"url\":\"http://hashsharing.example/hs\",\"credentials\":{\"user\":\"u\",\"password\":\"p\"}}",
        422,
        "url");
    assertError(
        "{\"name\":\"x\",\"type\":\"url\",\"bank\":\"partner-bank\",\"url\":\"https://a.example/x\",\"options\":{\"mode\":\"weekly\"}}",
        422,
        "options.mode");
    assertError("{\"name\":\"Bad Name\",\"type\":\"url\"}", 422, "name");
    TestServer.Reply malformed =
        server.send("POST", "/v1/exchanges", server.adminKey, "{\"name\":");
    assertThat(malformed.status()).isEqualTo(400);
    server.send("POST", "/v1/exchanges", server.adminKey, create("partner", TOKEN));
    TestServer.Reply duplicate =
        server.send("POST", "/v1/exchanges", server.adminKey, create("partner", TOKEN));
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.json().get("error").asText()).isEqualTo("exchange_exists");
  }

  private void assertError(String body, int status, String field) {
    TestServer.Reply reply = server.send("POST", "/v1/exchanges", server.adminKey, body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.json().get("field").asText()).as(reply.body()).isEqualTo(field);
    assertThat(reply.json().get("message").asText()).isNotBlank();
  }

  @Test
  void otherTenantsAndOtherRoles_seeNothing() {
    server.send("POST", "/v1/exchanges", server.adminKey, create("partner", TOKEN));
    String otherAdmin = server.app().keys().create(Role.ADMIN, "other", "other-tenant").secret();
    String moderator = server.key(Role.MODERATOR);

    assertThat(server.send("GET", "/v1/exchanges/partner", otherAdmin, null).status())
        .isEqualTo(404);
    assertThat(server.send("POST", "/v1/exchanges/partner/fetch", otherAdmin, null).status())
        .isEqualTo(404);
    assertThat(server.send("DELETE", "/v1/exchanges/partner", otherAdmin, null).status())
        .isEqualTo(404);
    assertThat(server.send("GET", "/v1/exchanges", otherAdmin, null).json().get("exchanges"))
        .isEmpty();
    assertThat(server.send("GET", "/v1/exchanges", moderator, null).status()).isEqualTo(403);
    assertThat(server.send("GET", "/v1/exchanges", null, null).status()).isEqualTo(401);
  }
}
