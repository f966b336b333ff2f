package org.vigil.report.dsa;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.vigil.core.json.Json;
import org.vigil.core.review.SorValidator;

/**
 * A stand-in for the European Commission's DSA Transparency Database (the real one is unreachable
 * from tests), implementing the documented behaviour of {@code POST /api/v1/statements}
 * (dsa/README-source.txt in core's test resources): bearer token or 401 {@code
 * {"message":"Unauthenticated."}}; 1 to 100 statements or 422 on {@code errors.statements}; every
 * statement validated against sor-v2-fields.json ({@link SorValidator}), failures as 422 {@code
 * {"errors":{"statement_<i>": {...}}}}; a PUID repeated within the call or used before as 422 with
 * {@code errors.existing_puids}; all or nothing: on any error nothing is stored; else 201 with the
 * statements and their uuids. Tests can queue plain failures (429, 500) and a "stored, then the
 * answer lost" failure.
 *
 * <p>Each token is one platform's account, as in the real database: PUIDs are unique per platform,
 * and every stored batch is recorded with the token it came with ({@link #batches()}).
 */
public final class TransparencyDatabaseServer implements AutoCloseable {

  /** A stored batch: the token it was sent with and its statements' PUIDs, in order. */
  public record Batch(String token, List<String> puids) {}

  private final HttpServer server;
  private final Set<String> tokens;
  private final SorValidator validator = new SorValidator();
  // PUID -> statement, per platform (token).
  private final Map<String, Map<String, JsonNode>> stored = new LinkedHashMap<>();
  private final Deque<Integer> failures = new ArrayDeque<>();
  private final List<Integer> batchSizes = new ArrayList<>();
  private final List<Batch> batches = new ArrayList<>();
  private boolean loseNextAnswer;

  /** A database with one platform account per token. */
  public TransparencyDatabaseServer(String... tokens) {
    this.tokens = Set.of(tokens);
    for (String token : tokens) {
      stored.put(token, new LinkedHashMap<>());
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/api/v1/statements", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every platform's stored statements by PUID. */
  public synchronized Map<String, JsonNode> stored() {
    Map<String, JsonNode> all = new LinkedHashMap<>();
    stored.values().forEach(all::putAll);
    return Map.copyOf(all);
  }

  /** The statements stored under {@code token}'s platform, by PUID. */
  public synchronized Map<String, JsonNode> stored(String token) {
    return Map.copyOf(stored.get(token));
  }

  /** Every stored batch, in order. */
  public synchronized List<Batch> batches() {
    return List.copyOf(batches);
  }

  /** The size of every batch that reached validation, in order. */
  synchronized List<Integer> batchSizes() {
    return List.copyOf(batchSizes);
  }

  /** Answers the next calls with these statuses (429, 500...) without storing anything. */
  synchronized void failNext(int... statuses) {
    for (int status : statuses) {
      failures.add(status);
    }
  }

  /** Stores the next valid batch but answers 502, as if the answer were lost on the way. */
  synchronized void loseNextAnswer() {
    loseNextAnswer = true;
  }

  /** Marks {@code puid} used, as by an earlier filing. */
  synchronized void preload(String puid) {
    stored.values().iterator().next().put(puid, Json.MAPPER.createObjectNode().put("puid", puid));
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, "{\"message\":\"The method is not supported for this route.\"}");
        return;
      }
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String token =
          auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()) : null;
      if (token == null || !tokens.contains(token)) {
        reply(exchange, 401, "{\"message\":\"Unauthenticated.\"}");
        return;
      }
      Map<String, JsonNode> platform = stored.get(token);
      byte[] raw = exchange.getRequestBody().readAllBytes();
      if (!failures.isEmpty()) {
        int status = failures.poll();
        String body =
            status == 429
                ? "Limit Reached. Please do not overload the API"
                : "{\"message\":\"Server Error\"}";
        reply(exchange, status, body);
        return;
      }
      JsonNode body;
      try {
        body = Json.MAPPER.readTree(raw);
      } catch (IOException e) {
        reply(exchange, 400, "{\"message\":\"malformed JSON\"}");
        return;
      }
      JsonNode statements = body == null ? null : body.get("statements");
      if (statements == null
          || !statements.isArray()
          || statements.isEmpty()
          || statements.size() > 100) {
        reply(
            exchange,
            422,
            "{\"message\":\"The statements field must have between 1 and 100 items.\","
                + "\"errors\":{\"statements\":[\"The statements field must have between 1 and"
                + " 100 items.\"]}}");
        return;
      }
      batchSizes.add(statements.size());
      ObjectNode errors = Json.MAPPER.createObjectNode();
      for (int i = 0; i < statements.size(); i++) {
        Map<String, List<String>> problems = validator.validate(statements.get(i));
        if (!problems.isEmpty()) {
          errors.set("statement_" + i, Json.MAPPER.valueToTree(problems));
        }
      }
      if (!errors.isEmpty()) {
        reply(exchange, 422, Json.MAPPER.writeValueAsString(Map.of("errors", errors)));
        return;
      }
      Set<String> seen = new HashSet<>();
      List<String> repeated = new ArrayList<>();
      for (JsonNode statement : statements) {
        String puid = statement.get("puid").asText().strip();
        if (platform.containsKey(puid) || !seen.add(puid)) {
          repeated.add(puid);
        }
      }
      if (!repeated.isEmpty()) {
        String message = "The platform identifier(s) are not all unique within this call.";
        reply(
            exchange,
            422,
            Json.MAPPER.writeValueAsString(
                Map.of(
                    "message",
                    message,
                    "errors",
                    Map.of("puid", List.of(message), "existing_puids", repeated))));
        return;
      }
      ArrayNode created = Json.MAPPER.createArrayNode();
      List<String> puids = new ArrayList<>();
      for (JsonNode statement : statements) {
        ObjectNode copy = statement.deepCopy();
        copy.put("uuid", UUID.randomUUID().toString());
        String puid = statement.get("puid").asText().strip();
        platform.put(puid, copy);
        puids.add(puid);
        created.add(copy);
      }
      batches.add(new Batch(token, List.copyOf(puids)));
      if (loseNextAnswer) {
        loseNextAnswer = false;
        reply(exchange, 502, "Bad Gateway");
        return;
      }
      reply(exchange, 201, Json.MAPPER.writeValueAsString(Map.of("statements", created)));
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
