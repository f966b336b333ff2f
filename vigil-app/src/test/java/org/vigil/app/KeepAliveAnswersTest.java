package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;

/**
 * Scans and decide calls are answered once their commit is durable, on another thread than the one
 * that read the request, and the thread that writes a batch of answers then reads each connection's
 * next request itself (DeferringThreadPool). Here one connection carries many requests, one after
 * the other and pipelined (several sent before any answer), mixing the fast routes with one Javalin
 * serves: every request gets its own answer, in order.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KeepAliveAnswersTest {

  private static final String SCAN = "{\"hashes\":{\"md5\":\"" + "b".repeat(32) + "\"}}";
  private static final String SIGNUP =
      "{\"action\":\"signup\",\"jurisdiction\":\"ES\",\"service\":{\"category\":\"social_network\"},"
          + "\"actor\":{\"accountId\":\"u1\",\"ageSignals\":[{\"source\":\"self_declared\","
          + "\"birthDate\":\"1990-06-15\"}]}}";

  private static TestServer server;
  private static String platform;

  @BeforeAll
  static void start() {
    server = new TestServer(TestDatabases.postgresUrl(), null, null);
    platform = server.key(Role.PLATFORM);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void oneConnection_manyRequestsInTurn_eachAnswered() throws Exception {
    long fastBefore = server.server().fastPathRequests();
    try (Socket socket = connect()) {
      for (int i = 0; i < 60; i++) {
        String request = i % 3 == 0 ? post("/v1/decide", SIGNUP) : post("/v1/scan", SCAN);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        Answer answer = read(socket.getInputStream());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"decisionId\":\"dec_");
      }
    }
    assertThat(server.server().fastPathRequests() - fastBefore).isEqualTo(60);
  }

  @Test
  void oneConnection_pipelinedRequests_answeredInOrder() throws Exception {
    List<String> expected = new ArrayList<>();
    StringBuilder requests = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      switch (i % 4) {
        case 0 -> {
          requests.append(post("/v1/scan", SCAN));
          expected.add("\"kind\":\"content\"");
        }
        case 1 -> {
          requests.append(post("/v1/decide", SIGNUP));
          expected.add("\"requires\":[]");
        }
        case 2 -> {
          requests.append(get("/healthz"));
          expected.add("\"status\":\"ok\"");
        }
        default -> {
          requests.append(post("/v1/scan", "{\"hashes\":{}}"));
          expected.add("\"error\":");
        }
      }
    }
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(requests.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (int i = 0; i < expected.size(); i++) {
        Answer answer = read(socket.getInputStream());
        assertThat(answer.body()).as("answer %d", i).contains(expected.get(i));
        assertThat(answer.status()).as("answer %d", i).isEqualTo(i % 4 == 3 ? 422 : 200);
      }
    }
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.server().port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static String post(String path, String json) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + platform
        + "\r\nContent-Type: application/json\r\nContent-Length: "
        + json.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + json;
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  }

  private record Answer(int status, String body) {}

  /** One HTTP/1.1 answer with a Content-Length, read off the stream. */
  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head);
      }
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    int status = Integer.parseInt(headers.substring(9, 12));
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    return new Answer(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }
}
