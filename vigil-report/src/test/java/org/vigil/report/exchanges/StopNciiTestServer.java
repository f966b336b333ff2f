package org.vigil.report.exchanges;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.vigil.core.json.Json;

/**
 * A stand-in for StopNCII.org's hash exchange API (the real one is reachable only by enrolled
 * platforms), implementing the shape the open-source clients document (facebook/ThreatExchange,
 * python-threatexchange {@code exchanges/clients/stopncii/api.py}; see docs/exchanges.md):
 *
 * <ul>
 *   <li>every call carries {@code Ocp-Apim-Subscription-Key} and the endpoint's {@code
 *       x-functions-key}, or is refused 401;
 *   <li>{@code GET /v1/FetchHashes?startTimestamp=&pageSize=&nextPageToken=} answers {@code {count,
 *       nextPageToken, nextSetTimestamp, hasMoreRecords, hashRecords}}; records are the CURRENT
 *       state of each hash (a later record replaces an earlier one), ordered by {@code
 *       lastModtimestamp}, with {@code hashStatus} {@code Withdrawn} or {@code Deleted} for hashes
 *       to drop; the page token is short-lived (a 400 once expired), so a client resumes from
 *       {@code nextSetTimestamp}, which is safe to resume from at every page;
 *   <li>{@code POST /v1/SubmitFeedback} with {@code {count, hashFeedbacks: [{hashValue,
 *       feedbackValue, tags}]}}.
 * </ul>
 *
 * Tests can queue throttling answers (429 with {@code Retry-After}) and server errors.
 */
public final class StopNciiTestServer implements AutoCloseable {

  public static final Set<String> FEEDBACK_VALUES =
      Set.of(
          "None",
          "QualityUnknown",
          "PendingReview",
          "Blocked",
          "NotBlocked",
          "Withdrawn",
          "Deleted");

  /** One hash record as the API returns it. */
  public record HashRecord(
      String signalType,
      String hashValue,
      String hashStatus,
      long lastModtimestamp,
      Map<String, String> caseNumbers,
      List<Map<String, Object>> feedbacks) {}

  /** A feedback the server received, as sent. */
  public record Feedback(String hashValue, String feedbackValue, List<String> tags) {}

  private record PageToken(List<HashRecord> snapshot, int offset, long issuedAtMillis, long end) {}

  private final HttpServer server;
  private final String subscriptionKey;
  private final String fetchKey;
  private final String feedbackKey;
  private final Map<String, HashRecord> records = new LinkedHashMap<>();
  private final Map<String, PageToken> tokens = new HashMap<>();
  private final Deque<Integer> failures = new ArrayDeque<>();
  private final List<Map<String, String>> fetchRequests = new ArrayList<>();
  private final List<Feedback> feedbacks = new ArrayList<>();
  private Duration tokenLifetime = Duration.ofMinutes(5);
  private LongSupplier clockSeconds = () -> System.currentTimeMillis() / 1000;

  public StopNciiTestServer(String subscriptionKey, String fetchKey, String feedbackKey) {
    this.subscriptionKey = subscriptionKey;
    this.fetchKey = fetchKey;
    this.feedbackKey = feedbackKey;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/FetchHashes", this::fetch);
    server.createContext("/v1/SubmitFeedback", this::feedback);
    server.start();
  }

  /** The API base, as configured on an exchange: {@code http://127.0.0.1:port/v1}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  /** Puts or replaces the record of {@code hashValue} (an active case). */
  public synchronized void put(String signalType, String hashValue, long lastModtimestamp) {
    records.put(
        hashValue,
        new HashRecord(
            signalType,
            hashValue,
            "Active",
            lastModtimestamp,
            Map.of("case-" + hashValue.substring(0, 6), "Active"),
            List.of()));
  }

  /** Puts or replaces a record as given. */
  public synchronized void put(HashRecord record) {
    records.put(record.hashValue(), record);
  }

  /** Marks the hash withdrawn by the person who submitted it. */
  public synchronized void withdraw(String hashValue, long lastModtimestamp) {
    HashRecord old = records.get(hashValue);
    records.put(
        hashValue,
        new HashRecord(
            old == null ? "ImagePDQ" : old.signalType(),
            hashValue,
            "Withdrawn",
            lastModtimestamp,
            Map.of(),
            List.of()));
  }

  /** How long a page token is honoured. */
  public synchronized void tokenLifetime(Duration lifetime) {
    this.tokenLifetime = lifetime;
  }

  /** The server's clock in Unix seconds (the final page's {@code nextSetTimestamp}). */
  public synchronized void clock(LongSupplier seconds) {
    this.clockSeconds = seconds;
  }

  /** Answers the next calls (of either endpoint) with these statuses. */
  public synchronized void failNext(int... statuses) {
    for (int status : statuses) {
      failures.add(status);
    }
  }

  /** Every FetchHashes query that passed authentication, in order. */
  public synchronized List<Map<String, String>> fetchRequests() {
    return List.copyOf(fetchRequests);
  }

  public synchronized List<Feedback> feedbacks() {
    return List.copyOf(feedbacks);
  }

  private boolean authorised(HttpExchange exchange, String functionKey) throws IOException {
    String subscription = exchange.getRequestHeaders().getFirst("Ocp-Apim-Subscription-Key");
    String function = exchange.getRequestHeaders().getFirst("x-functions-key");
    if (!subscriptionKey.equals(subscription) || !functionKey.equals(function)) {
      reply(
          exchange,
          401,
          "{\"statusCode\":401,\"message\":\"Access denied due to invalid subscription key."
              + " Make sure to provide a valid key for an active subscription.\"}",
          Map.of());
      return false;
    }
    return true;
  }

  private boolean failed(HttpExchange exchange) throws IOException {
    if (failures.isEmpty()) {
      return false;
    }
    int status = failures.poll();
    if (status == 429) {
      reply(
          exchange,
          429,
          "{\"statusCode\":429,\"message\":\"Rate limit is exceeded. Try again in 7 seconds.\"}",
          Map.of("Retry-After", "7"));
    } else {
      reply(exchange, status, "{\"message\":\"upstream failure\"}", Map.of());
    }
    return true;
  }

  private synchronized void fetch(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, "{\"message\":\"method not allowed\"}", Map.of());
        return;
      }
      if (!authorised(exchange, fetchKey) || failed(exchange)) {
        return;
      }
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      fetchRequests.add(query);
      int pageSize;
      long start;
      try {
        pageSize = Integer.parseInt(query.getOrDefault("pageSize", "800"));
        start = Long.parseLong(query.getOrDefault("startTimestamp", "10"));
      } catch (NumberFormatException e) {
        reply(
            exchange, 400, "{\"message\":\"startTimestamp and pageSize are integers\"}", Map.of());
        return;
      }
      if (pageSize < 1 || pageSize > 1000) {
        reply(exchange, 400, "{\"message\":\"pageSize must be 1 to 1000\"}", Map.of());
        return;
      }
      String tokenText = query.get("nextPageToken");
      PageToken token;
      if (tokenText == null || tokenText.isEmpty()) {
        List<HashRecord> snapshot = new ArrayList<>();
        for (HashRecord record : records.values()) {
          if (record.lastModtimestamp() >= start) {
            snapshot.add(record);
          }
        }
        snapshot.sort(
            Comparator.comparingLong(HashRecord::lastModtimestamp)
                .thenComparing(HashRecord::hashValue));
        token = new PageToken(snapshot, 0, System.currentTimeMillis(), clockSeconds.getAsLong());
      } else {
        token = tokens.remove(tokenText);
        if (token == null
            || System.currentTimeMillis() - token.issuedAtMillis() > tokenLifetime.toMillis()) {
          reply(exchange, 400, "{\"message\":\"nextPageToken is invalid or expired\"}", Map.of());
          return;
        }
      }
      int to = Math.min(token.offset() + pageSize, token.snapshot().size());
      List<HashRecord> page = token.snapshot().subList(token.offset(), to);
      boolean more = to < token.snapshot().size();
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("count", page.size());
      if (more) {
        String next = UUID.randomUUID().toString();
        tokens.put(
            next, new PageToken(token.snapshot(), to, System.currentTimeMillis(), token.end()));
        body.put("nextPageToken", next);
        // Resuming from the last record's time re-reads records of that second, never skips one.
        body.put("nextSetTimestamp", page.get(page.size() - 1).lastModtimestamp());
      } else {
        body.put("nextPageToken", "");
        body.put("nextSetTimestamp", token.end());
      }
      body.put("hasMoreRecords", more);
      ArrayNode out = body.putArray("hashRecords");
      for (HashRecord record : page) {
        ObjectNode node = out.addObject();
        node.put("lastModtimestamp", record.lastModtimestamp());
        node.put("signalType", record.signalType());
        node.put("hashValue", record.hashValue());
        node.put("hashStatus", record.hashStatus());
        node.set("caseNumbers", Json.MAPPER.valueToTree(record.caseNumbers()));
        node.set("CSPFeedbacks", Json.MAPPER.valueToTree(record.feedbacks()));
      }
      reply(exchange, 200, Json.MAPPER.writeValueAsString(body), Map.of());
    }
  }

  private synchronized void feedback(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, "{\"message\":\"method not allowed\"}", Map.of());
        return;
      }
      if (!authorised(exchange, feedbackKey) || failed(exchange)) {
        return;
      }
      JsonNode body;
      try {
        body = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
      } catch (IOException e) {
        reply(exchange, 400, "{\"message\":\"malformed JSON\"}", Map.of());
        return;
      }
      JsonNode list = body == null ? null : body.get("hashFeedbacks");
      if (list == null
          || !list.isArray()
          || list.isEmpty()
          || body.path("count").asInt(-1) != list.size()) {
        reply(
            exchange,
            400,
            "{\"message\":\"hashFeedbacks must be a non-empty list and count its size\"}",
            Map.of());
        return;
      }
      List<Feedback> received = new ArrayList<>();
      for (JsonNode item : list) {
        String hash = item.path("hashValue").asText("");
        String value = item.path("feedbackValue").asText("");
        if (!records.containsKey(hash) || !FEEDBACK_VALUES.contains(value)) {
          reply(exchange, 400, "{\"message\":\"unknown hashValue or feedbackValue\"}", Map.of());
          return;
        }
        List<String> tags = new ArrayList<>();
        item.path("tags").forEach(tag -> tags.add(tag.asText()));
        received.add(new Feedback(hash, value, tags));
      }
      feedbacks.addAll(received);
      reply(exchange, 200, "{\"count\":" + received.size() + "}", Map.of());
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void reply(
      HttpExchange exchange, int status, String body, Map<String, String> headers)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
