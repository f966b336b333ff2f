package org.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.vigil.core.auth.ApiKeyStore;
import org.vigil.core.auth.ApiKeys;

@Timeout(60)
class RequestLogTest {

  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger access = (Logger) LoggerFactory.getLogger("vigil.access");

  @BeforeEach
  void capture() {
    events.start();
    access.setLevel(ch.qos.logback.classic.Level.INFO);
    access.addAppender(events);
  }

  @AfterEach
  void release() {
    access.detachAppender(events);
  }

  static VigilServer start(List<String> trustedProxies) {
    ApiKeyStore unused =
        (ApiKeyStore)
            Proxy.newProxyInstance(
                ApiKeyStore.class.getClassLoader(),
                new Class<?>[] {ApiKeyStore.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException(method.getName());
                });
    return VigilServer.start(
        new ServerConfig("127.0.0.1", 0, 1 << 20, null, null, trustedProxies),
        new HttpApi(
            List.of(),
            new ApiKeys(unused, Clock.systemUTC()),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            () -> true));
  }

  private static HttpResponse<String> send(
      VigilServer server, String method, String path, String forwardedFor) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<String> lines() {
    return events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void request_anyEndpoint_logsOneLineWithTheRouteTemplateAndNoQuery() throws Exception {
    try (VigilServer server = start(List.of())) {
      send(server, "GET", "/healthz?account=acct-secret-42", null);
      send(server, "GET", "/v1/nothing/acct-secret-42", null);
    }
    assertThat(lines()).hasSize(2);
    assertThat(lines().get(0)).matches("GET /healthz 200 \\d+ ms key=- tenant=- client=127.0.0.1");
    assertThat(lines().get(1)).startsWith("GET (no route) 404 ");
    assertThat(String.join("\n", lines())).doesNotContain("acct-secret-42");
    assertThat(events.list.get(0).getKeyValuePairs())
        .anySatisfy(kv -> assertThat(kv.key + "=" + kv.value).isEqualTo("route=/healthz"));
  }

  @Test
  void forwardedFor_fromATrustedProxy_isTheClientAndFromOthersIgnored() throws Exception {
    try (VigilServer server = start(List.of("127.0.0.1"))) {
      send(server, "GET", "/healthz", "203.0.113.9");
    }
    try (VigilServer server = start(List.of("10.9.9.9"))) {
      send(server, "GET", "/healthz", "203.0.113.9");
    }
    assertThat(lines()).hasSize(2);
    assertThat(lines().get(0)).endsWith("client=203.0.113.9");
    assertThat(lines().get(1)).endsWith("client=127.0.0.1");
  }

  @Test
  void wrongMethod_knownPath_is405WithAllowHeader() throws Exception {
    try (VigilServer server = start(List.of())) {
      HttpResponse<String> response = send(server, "POST", "/healthz", null);
      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).contains("GET");
      assertThat(response.body()).contains("\"error\":\"method_not_allowed\"");
      assertThat(send(server, "POST", "/nowhere", null).statusCode()).isEqualTo(404);
    }
  }
}
