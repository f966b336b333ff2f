package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/**
 * Security review, issue 15 #5–#7: JSON bodies have their own small limit enforced while reading,
 * malformed multipart is a 400, and too-long fields are a 422 naming the field (never a 503 or a
 * stack trace in the log).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InputLimitsTest {

  private static TestServer server;
  private static String platform;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void start() {
    server = new TestServer(TestDatabases.postgresUrl(), null, null);
    platform = server.key(Role.PLATFORM);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void captureLog() {
    log.start();
    root().addAppender(log);
  }

  @AfterEach
  void releaseLog() {
    root().detachAppender(log);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private void assertNoErrorLogged() {
    assertThat(log.list)
        .filteredOn(
            e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
        .isEmpty();
  }

  private static void assertError(TestServer.Reply reply, int status, String code, String field) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    JsonNode body = reply.json();
    assertThat(body.get("error").asText()).isEqualTo(code);
    if (field != null) {
      assertThat(body.get("field").asText()).isEqualTo(field);
    }
    assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void scanJson_bodyOver64KbStreamed_is413BeforeTheBodyEnds() throws Exception {
    // 70 KB sent chunked and the request left open: the server must answer from what it read,
    // not wait for (or buffer) the rest.
    String head =
        "POST /v1/scan HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + platform
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    StringBuilder json = new StringBuilder("{\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"},");
    json.append("\"context\":{\"pad\":\"").append("x".repeat(70 * 1024)).append("\"}}");
    byte[] body = json.toString().getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket("127.0.0.1", server.server().port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush(); // no terminating zero-length chunk: the body never ends
      String answer = readAnswer(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 413");
      assertThat(answer).contains("\"error\":\"payload_too_large\"");
    }
  }

  @Test
  void scanJson_declaredOver64Kb_is413() {
    String json =
        "{\"hashes\":{\"md5\":\""
            + "a".repeat(32)
            + "\"},\"context\":{\"pad\":\""
            + "x".repeat(70 * 1024)
            + "\"}}";
    assertError(post("/v1/scan", platform, json), 413, "payload_too_large", null);
  }

  @Test
  void scanJson_manyContextKeys_is422NamingContext() {
    StringBuilder json = new StringBuilder("{\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"},");
    json.append("\"context\":{");
    for (int i = 0; i < 5000; i++) {
      json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":1");
    }
    json.append("}}");
    assertError(post("/v1/scan", platform, json.toString()), 422, "invalid_field", "context");
  }

  @Test
  void scanJson_nestedContextValue_is422NamingTheKey() {
    String json =
        "{\"hashes\":{\"md5\":\"" + "a".repeat(32) + "\"},\"context\":{\"deep\":{\"a\":[1,2]}}}";
    assertError(post("/v1/scan", platform, json), 422, "invalid_field", "context.deep");
  }

  @Test
  void scanJson_longContextKey_is422() {
    String json =
        "{\"hashes\":{\"md5\":\""
            + "a".repeat(32)
            + "\"},\"context\":{\""
            + "k".repeat(300)
            + "\":1}}";
    assertError(post("/v1/scan", platform, json), 422, "invalid_field", "context");
  }

  @Test
  void decide_bodyOver64Kb_is413() {
    String json = "{\"action\":\"sign_up\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
    assertError(post("/v1/decide", platform, json), 413, "payload_too_large", null);
  }

  @Test
  void scanUpload_unterminatedPart_is400MalformedMultipart() {
    String body = "--x\r\nContent-Disposition: form-data; name=\"media\"\r\n\r\nabc";
    assertError(multipart("x", body), 400, "malformed_multipart", null);
    assertNoErrorLogged();
  }

  @Test
  void scanUpload_emptyBody_is400MalformedMultipart() {
    assertError(multipart("x", ""), 400, "malformed_multipart", null);
    assertNoErrorLogged();
  }

  @Test
  void scanUpload_garbageBody_is400MalformedMultipart() {
    assertError(
        multipart("x", "this is not multipart at all\r\n\r\n"), 400, "malformed_multipart", null);
    assertNoErrorLogged();
  }

  @Test
  void addSignal_tooLongFields_are422NamingEachField() {
    String admin = server.adminKey;
    post("/v1/banks", admin, "{\"name\":\"lengths\"}");
    for (String field : new String[] {"externalId", "source", "category"}) {
      String json =
          "{\"type\":\"md5\",\"value\":\""
              + "b".repeat(32)
              + "\",\""
              + field
              + "\":\""
              + "y".repeat(300)
              + "\"}";
      assertError(post("/v1/banks/lengths/signals", admin, json), 422, "invalid_field", field);
    }
    assertNoErrorLogged();
  }

  @Test
  void createBank_tooLongDescription_is422() {
    String json = "{\"name\":\"desc\",\"description\":\"" + "d".repeat(1001) + "\"}";
    assertError(post("/v1/banks", server.adminKey, json), 422, "invalid_field", "description");
    assertNoErrorLogged();
  }

  @Test
  void importSignals_tooLongSourceParameter_is422NamingSource() {
    String admin = server.adminKey;
    post("/v1/banks", admin, "{\"name\":\"importsrc\"}");
    TestServer.Reply reply =
        send(
            server
                .request("/v1/banks/importsrc/import?source=" + "s".repeat(300), admin)
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("md5," + "c".repeat(32) + "\n"))
                .build());
    assertError(reply, 422, "invalid_field", "source");
    assertNoErrorLogged();
  }

  private static TestServer.Reply multipart(String boundary, String body) {
    return send(
        server
            .request("/v1/scan", platform)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static TestServer.Reply post(String path, String key, String json) {
    return send(
        server
            .request(path, key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /**
   * Sends on a connection of its own: the server may answer a refused body before reading it all
   * and then close the connection, which a shared client would try to reuse.
   */
  private static TestServer.Reply send(HttpRequest request) {
    HttpClient http = HttpClient.newHttpClient();
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new TestServer.Reply(response.statusCode(), response.body(), response.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String readAnswer(InputStream in) throws Exception {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    int n;
    try {
      while ((n = in.read(buffer)) > 0) {
        answer.write(buffer, 0, n);
        if (answer.toString(StandardCharsets.UTF_8).contains("\"field\"")) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      // whatever arrived is the answer
    }
    return answer.toString(StandardCharsets.UTF_8);
  }
}
