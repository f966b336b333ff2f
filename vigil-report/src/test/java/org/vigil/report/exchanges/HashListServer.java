package org.vigil.report.exchanges;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A partner's hash list served the way a static file server does (RFC 9110): a strong ETag (the
 * body's SHA-256) and Last-Modified on every 200, 304 Not Modified when If-None-Match names the
 * current ETag. Optionally requires a Bearer token (401 otherwise), answers 429 with Retry-After a
 * given number of times, or breaks the body off part-way (a Content-Length longer than what it
 * sends, then the connection closes). Binds to 127.0.0.1 on a random port.
 */
final class HashListServer implements AutoCloseable {

  private final HttpServer server;
  private volatile String body = "";
  private volatile String contentType = "text/csv";
  private volatile Instant modified = Instant.parse("2026-11-01T00:00:00Z");
  volatile String token;
  final AtomicInteger throttleNext = new AtomicInteger();
  volatile int retryAfterSeconds = 1;
  volatile boolean cutBody;
  volatile String redirectTo;
  final List<String> calls = new ArrayList<>();
  final AtomicInteger notModified = new AtomicInteger();

  HashListServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  void serve(String body, String contentType) {
    this.body = body;
    this.contentType = contentType;
    this.modified = modified.plusSeconds(60);
  }

  private String etag() {
    try {
      return "\""
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(body.getBytes(StandardCharsets.UTF_8)))
          + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
      calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " inm=" + inm);
      if (token != null
          && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      if (redirectTo != null) {
        exchange.getResponseHeaders().set("Location", redirectTo);
        exchange.sendResponseHeaders(302, -1);
        return;
      }
      if (throttleNext.get() > 0) {
        throttleNext.decrementAndGet();
        exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
        exchange.sendResponseHeaders(429, -1);
        return;
      }
      String etag = etag();
      exchange.getResponseHeaders().set("ETag", etag);
      exchange
          .getResponseHeaders()
          .set(
              "Last-Modified",
              DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC)));
      if (etag.equals(inm)) {
        notModified.incrementAndGet();
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      if (cutBody) {
        exchange.sendResponseHeaders(200, bytes.length * 2L);
        OutputStream out = exchange.getResponseBody();
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        // Closing here leaves the promised length unsent: the client sees a broken body.
        return;
      }
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
