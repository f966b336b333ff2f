package org.vigil.report.ncmec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.w3c.dom.Element;

/**
 * A stand-in for NCMEC's CyberTipline Reporting API (NCMEC is unreachable from here), implementing
 * its documented behaviour: Basic authentication (code 2000), every XML body validated against the
 * schema (HTTP 400, code 4100), reports opened by /submit, files by /upload (answering the MD5 of
 * what arrived), /fileinfo at most once per file, /finish (code 5102 when already finished),
 * /retract (5101), unknown reports (5001). It records what it holds so tests can check it.
 */
public final class CyberTiplineTestServer implements AutoCloseable {

  public static final String USER = "vigil-test";
  public static final String PASSWORD = "s3cret-test-password";

  /** One report as the server holds it. */
  public static final class Report {
    public final long id;
    public final String xml;
    public final Map<String, byte[]> files = new LinkedHashMap<>();
    public final Map<String, String> details = new LinkedHashMap<>();
    public boolean finished;
    public boolean retracted;

    Report(long id, String xml) {
      this.id = id;
      this.xml = xml;
    }
  }

  private final HttpServer server;
  private final String xsd;
  private final CyberTiplineSchema schema;
  private final AtomicLong ids = new AtomicLong(1_000_000);
  final Map<Long, Report> reports = new LinkedHashMap<>();
  final List<String> calls = new ArrayList<>();

  /** When set, the next call to this path fails with HTTP 503 (a transient outage). */
  volatile String failNext;

  /**
   * Called after a call to a path was processed, before the answer leaves (crash injection). It
   * runs while the server holds its lock: a hook that blocks holds every other call back too.
   */
  volatile java.util.function.Consumer<String> afterProcessing = path -> {};

  /**
   * Sets the hook called after a call was processed and before its answer leaves, e.g. to kill the
   * client's process at that moment: NCMEC acted, the client never learns it.
   */
  public void afterProcessing(java.util.function.Consumer<String> hook) {
    afterProcessing = hook == null ? path -> {} : hook;
  }

  public CyberTiplineTestServer() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/ncmec/cybertipline-report.xsd")) {
      xsd = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    schema = CyberTiplineSchema.compile(xsd);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ispws/", this::handle);
    server.start();
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ispws");
  }

  public synchronized List<Report> finishedReports() {
    return reports.values().stream().filter(r -> r.finished).toList();
  }

  /** Every report opened by /submit, finished or not, in the order they were opened. */
  public synchronized List<Report> reports() {
    return List.copyOf(reports.values());
  }

  /** The paths called so far (/submit, /upload...), in order. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring("/ispws".length());
    byte[] body = exchange.getRequestBody().readAllBytes();
    synchronized (this) {
      calls.add(path);
      if (!authorised(exchange)) {
        answer(exchange, 401, response(2000, "Authentication required", null, null, null));
        return;
      }
      if (path.equals(failNext)) {
        failNext = null;
        answer(exchange, 503, "<html>Service Unavailable</html>");
        return;
      }
      String reply;
      try {
        reply =
            switch (path) {
              case "/xsd" -> xsd;
              case "/status" -> response(0, "Remote User : " + USER, null, null, null);
              case "/submit" -> submit(new String(body, StandardCharsets.UTF_8));
              case "/upload" -> upload(exchange, body);
              case "/fileinfo" -> fileInfo(new String(body, StandardCharsets.UTF_8));
              case "/finish" -> finish(formId(body));
              case "/retract" -> retract(formId(body));
              default -> throw new Refusal(404, 1210, "Resource not found");
            };
      } catch (Refusal refusal) {
        answer(
            exchange, refusal.http, response(refusal.code, refusal.getMessage(), null, null, null));
        return;
      }
      afterProcessing.accept(path);
      answer(exchange, 200, reply);
    }
  }

  private String submit(String xml) {
    requireValid(xml);
    long id = ids.incrementAndGet();
    reports.put(id, new Report(id, xml));
    return response(0, "Success", id, null, null);
  }

  private String upload(HttpExchange exchange, byte[] body) {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("multipart/form-data; boundary=")) {
      throw new Refusal(400, 4200, "Malformed file submittal");
    }
    Map<String, byte[]> parts = Multipart.parse(body, type.substring(type.indexOf('=') + 1));
    Report report =
        open(Long.parseLong(new String(parts.get("id"), StandardCharsets.UTF_8).trim()));
    byte[] file = parts.get("file");
    if (file == null) {
      throw new Refusal(400, 4200, "Malformed file submittal");
    }
    String fileId =
        HexFormat.of()
            .formatHex(
                md5(("" + report.id + report.files.size()).getBytes(StandardCharsets.UTF_8)));
    report.files.put(fileId, file);
    return response(0, "Success", report.id, fileId, HexFormat.of().formatHex(md5(file)));
  }

  private String fileInfo(String xml) {
    requireValid(xml);
    Element root = CyberTiplineClient.parse(xml);
    Report report = open(Long.parseLong(text(root, "reportId")));
    String fileId = text(root, "fileId");
    if (!report.files.containsKey(fileId)) {
      throw new Refusal(400, 5002, "File does not exist");
    }
    if (report.details.containsKey(fileId)) {
      throw new Refusal(400, 1300, "Update failed");
    }
    report.details.put(fileId, xml);
    return response(0, "Success", report.id, null, null);
  }

  private String finish(long id) {
    Report report = reports.get(id);
    if (report == null) {
      throw new Refusal(400, 5001, "Report does not exist");
    }
    if (report.finished) {
      throw new Refusal(400, 5102, "Report already finished");
    }
    if (report.retracted) {
      throw new Refusal(400, 5101, "Report already retracted");
    }
    report.finished = true;
    StringBuilder files = new StringBuilder();
    for (String fileId : report.files.keySet()) {
      files.append("<fileId>").append(fileId).append("</fileId>");
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><reportDoneResponse><responseCode>0</responseCode><reportId>"
        + id
        + "</reportId><files>"
        + files
        + "</files></reportDoneResponse>";
  }

  private String retract(long id) {
    Report report = open(id);
    report.retracted = true;
    return response(0, "Success", id, null, null);
  }

  private Report open(long id) {
    Report report = reports.get(id);
    if (report == null) {
      throw new Refusal(400, 5001, "Report does not exist");
    }
    if (report.finished) {
      throw new Refusal(400, 5102, "Report already finished");
    }
    if (report.retracted) {
      throw new Refusal(400, 5101, "Report already retracted");
    }
    return report;
  }

  private void requireValid(String xml) {
    List<String> problems = schema.violations(xml);
    if (!problems.isEmpty()) {
      throw new Refusal(400, 4100, "Validation failed: " + problems.get(0));
    }
  }

  private static boolean authorised(HttpExchange exchange) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
  }

  private static long formId(byte[] body) {
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2 && kv[0].equals("id")) {
        try {
          return Long.parseLong(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
          break;
        }
      }
    }
    throw new Refusal(400, 4000, "Invalid request");
  }

  private static String text(Element root, String name) {
    var nodes = root.getElementsByTagName(name);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
  }

  private static String response(
      int code, String description, Long reportId, String fileId, String hash) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><reportResponse><responseCode>"
        + code
        + "</responseCode><responseDescription>"
        + description.replace("&", "&amp;").replace("<", "&lt;")
        + "</responseDescription>"
        + (reportId == null ? "" : "<reportId>" + reportId + "</reportId>")
        + (fileId == null ? "" : "<fileId>" + fileId + "</fileId>")
        + (hash == null ? "" : "<hash>" + hash + "</hash>")
        + "</reportResponse>";
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml; charset=utf-8");
    exchange.getResponseHeaders().set("Request-ID", Long.toString(System.nanoTime()));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** A documented refusal: HTTP status and NCMEC response code. */
  static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int http;
    final int code;

    Refusal(int http, int code, String message) {
      super(message);
      this.http = http;
      this.code = code;
    }
  }

  /** Just enough multipart/form-data parsing for the two fields of /upload. */
  static final class Multipart {
    static Map<String, byte[]> parse(byte[] body, String boundary) {
      Map<String, byte[]> parts = new LinkedHashMap<>();
      byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
      int at = indexOf(body, delimiter, 0);
      while (at >= 0) {
        int start = at + delimiter.length;
        if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
          break;
        }
        int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
        int next = indexOf(body, delimiter, headersEnd);
        if (headersEnd < 0 || next < 0) {
          throw new UncheckedIOException(new IOException("truncated multipart body"));
        }
        String headers = new String(body, start, headersEnd - start, StandardCharsets.ISO_8859_1);
        int nameAt = headers.indexOf("name=\"");
        String name = headers.substring(nameAt + 6, headers.indexOf('"', nameAt + 6));
        byte[] content = java.util.Arrays.copyOfRange(body, headersEnd + 4, next - 2);
        parts.put(name, content);
        at = next;
      }
      return parts;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
      outer:
      for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
        for (int j = 0; j < pattern.length; j++) {
          if (data[i + j] != pattern[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
