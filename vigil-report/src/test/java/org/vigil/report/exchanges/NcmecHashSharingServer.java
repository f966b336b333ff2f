package org.vigil.report.exchanges;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for NCMEC's hash sharing API v2 (unreachable from here), implementing the documented
 * shape: Basic authentication (401 otherwise); {@code GET /v2/entries?from=&to=} answers a {@code
 * queryResult} in the {@code https://hashsharing.ncmec.org/hashsharing/v2} namespace with the
 * window's entries ({@code image}/{@code video} with member, timestamp, id, classification,
 * fingerprints; {@code deletedImage}/{@code deletedVideo} for withdrawn ones) NOT in time order
 * (the real service does not promise it), {@code size} per page, and {@code paging/next} to the
 * next page of the same window ({@code start}, {@code size}, {@code max}); {@code GET
 * /v2/feedback/reasons}; {@code PUT /v2/entries/{id}/fingerprints/{type}/feedback} taking a {@code
 * feedbackSubmission}. It can throttle (429 + Retry-After) and fail every request after a number of
 * pages (503), as an outage mid-fetch.
 */
final class NcmecHashSharingServer implements AutoCloseable {

  static final String USER = "esp-test";
  static final String PASSWORD = "synthetic-password";
  static final String REASON_GUID = "01234567-abcd-0123-4567-0123456789ab";
  static final String NS = "https://hashsharing.ncmec.org/hashsharing/v2";

  /** One entry as NCMEC holds it; its latest state is what a window containing it returns. */
  record Entry(
      String id,
      String kind,
      Instant timestamp,
      String classification,
      Map<String, String> fingerprints,
      boolean deleted) {}

  private final HttpServer server;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  final int pageSize;
  final AtomicInteger throttleNext = new AtomicInteger();
  final AtomicInteger pagesServed = new AtomicInteger();
  volatile int failAfterPages = Integer.MAX_VALUE;
  final List<String> calls = new ArrayList<>();
  final List<String> feedback = new ArrayList<>();

  NcmecHashSharingServer(int pageSize) throws IOException {
    this.pageSize = pageSize;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hashsharing/", this::handle);
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hashsharing");
  }

  synchronized void put(Entry entry) {
    entries.put(entry.id(), entry);
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring("/hashsharing".length());
      calls.add(
          exchange.getRequestMethod() + " " + path + "?" + exchange.getRequestURI().getRawQuery());
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, "<error>unauthorized</error>");
        return;
      }
      if (throttleNext.get() > 0) {
        throttleNext.decrementAndGet();
        exchange.getResponseHeaders().set("Retry-After", "1");
        send(exchange, 429, "<error>slow down</error>");
        return;
      }
      if (exchange.getRequestMethod().equals("GET") && path.equals("/v2/entries")) {
        if (pagesServed.get() >= failAfterPages) {
          send(exchange, 503, "<error>unavailable</error>");
          return;
        }
        pagesServed.incrementAndGet();
        entries(exchange);
      } else if (exchange.getRequestMethod().equals("GET") && path.equals("/v2/feedback/reasons")) {
        send(
            exchange,
            200,
            "<?xml version=\"1.0\"?><availableFeedbackReasons xmlns=\""
                + NS
                + "\"><reason guid=\"aaaaaaaa-0000-0000-0000-000000000000\" name=\"Other\""
                + " type=\"Sha1\"/><reason guid=\""
                + REASON_GUID
                + "\" name=\"Not CSAM\" type=\"Md5\"/></availableFeedbackReasons>");
      } else if (exchange.getRequestMethod().equals("PUT")
          && path.matches("/v2/entries/[^/]+/fingerprints/(md5|pdq)/feedback")) {
        String id = URLDecoder.decode(path.split("/")[3], StandardCharsets.UTF_8);
        if (!entries.containsKey(id)) {
          send(exchange, 404, "<error>no such entry</error>");
          return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        NcmecExchange.parse(body); // refuses anything that is not well-formed XML
        feedback.add(path + " " + body);
        send(exchange, 200, "<submissionResult xmlns=\"" + NS + "\"/>");
      } else {
        send(exchange, 404, "<error>not found</error>");
      }
    }
  }

  private void entries(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    Instant from = Instant.parse(query.get("from"));
    Instant to = Instant.parse(query.get("to"));
    int start = Integer.parseInt(query.getOrDefault("start", "1"));
    // Not in time order: the service orders by its own key (here the reversed id).
    List<Entry> window =
        entries.values().stream()
            .filter(e -> !e.timestamp().isBefore(from) && e.timestamp().isBefore(to))
            .sorted(
                Comparator.comparing((Entry e) -> new StringBuilder(e.id()).reverse().toString()))
            .toList();
    int end = Math.min(window.size(), start - 1 + pageSize);
    List<Entry> page = window.subList(Math.min(start - 1, window.size()), end);
    StringBuilder xml = new StringBuilder();
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        .append("<queryResult xmlns=\"")
        .append(NS)
        .append("\">");
    for (String kind : List.of("image", "video")) {
      List<Entry> ofKind = page.stream().filter(e -> e.kind().equals(kind)).toList();
      if (ofKind.isEmpty()) {
        continue;
      }
      Instant max =
          ofKind.stream().map(Entry::timestamp).max(Comparator.naturalOrder()).orElseThrow();
      xml.append("<")
          .append(kind)
          .append("s count=\"")
          .append(ofKind.size())
          .append("\" maxTimestamp=\"")
          .append(max)
          .append("\">");
      for (Entry e : ofKind) {
        String tag =
            e.deleted()
                ? "deleted" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1)
                : kind;
        xml.append("<")
            .append(tag)
            .append(">")
            .append("<member id=\"42\">Example Member</member>")
            .append("<timestamp>")
            .append(e.timestamp())
            .append("</timestamp>")
            .append("<id>")
            .append(e.id())
            .append("</id>");
        if (!e.deleted()) {
          if (e.classification() != null) {
            xml.append("<classification>").append(e.classification()).append("</classification>");
          }
          xml.append("<fingerprints>");
          e.fingerprints()
              .forEach(
                  (k, v) ->
                      xml.append("<")
                          .append(k)
                          .append(">")
                          .append(v)
                          .append("</")
                          .append(k)
                          .append(">"));
          xml.append("</fingerprints>");
        }
        xml.append("</").append(tag).append(">");
      }
      xml.append("</").append(kind).append("s>");
    }
    if (end < window.size()) {
      xml.append("<paging><next>/v2/entries?from=")
          .append(enc(from.toString()))
          .append("&amp;to=")
          .append(enc(to.toString()))
          .append("&amp;start=")
          .append(end + 1)
          .append("&amp;size=")
          .append(pageSize)
          .append("&amp;max=")
          .append(end + pageSize)
          .append("</next></paging>");
    }
    xml.append("</queryResult>");
    send(exchange, 200, xml.toString());
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
