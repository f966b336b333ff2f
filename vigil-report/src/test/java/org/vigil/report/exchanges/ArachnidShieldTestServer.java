package org.vigil.report.exchanges;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.json.Json;
import org.vigil.hash.PdqHash;

/**
 * A stand-in for the Canadian Centre for Child Protection's Arachnid Shield API (reachable only by
 * approved platforms), implementing the documented shape of its PDQ lookup as the published SDKs
 * describe it (see docs/exchanges.md): {@code POST /v1/pdq/} with HTTP Basic credentials and the
 * JSON body {@code {"hashes": [base64 of the 32 PDQ bytes, ...]}}; the answer is {@code
 * {"scanned_hashes": {<hash as sent>: {"classification", "match_type", "near_match_details"}}}}
 * with classification {@code csam}, {@code harmful-abusive-material}, {@code no-known-match} or
 * {@code test}; errors are {@code {"detail": "..."}} (401 for bad credentials, 429 with {@code
 * Retry-After} when throttled, 400 for a hash that is not 32 bytes).
 *
 * <p>It keeps every raw request body so a test can check that nothing but the hash left.
 */
public final class ArachnidShieldTestServer implements AutoCloseable {

  /** Known media: a PDQ hash and its classification. Matches within distance 31. */
  private final Map<PdqHash, String> known = new LinkedHashMap<>();

  private final HttpServer server;
  private final String authorization;
  private final Deque<Integer> failures = new ArrayDeque<>();
  private final List<String> bodies = new ArrayList<>();

  public ArachnidShieldTestServer(String user, String password) {
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/pdq/", this::pdq);
    server.start();
  }

  /** The API base: {@code http://127.0.0.1:port}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public synchronized void known(String pdqHex, String classification) {
    known.put(PdqHash.fromHex(pdqHex), classification);
  }

  public synchronized void failNext(int... statuses) {
    for (int status : statuses) {
      failures.add(status);
    }
  }

  /** Every request body received, raw. */
  public synchronized List<String> bodies() {
    return List.copyOf(bodies);
  }

  private synchronized void pdq(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, "{\"detail\":\"Method not allowed.\"}", Map.of());
        return;
      }
      if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        reply(exchange, 401, "{\"detail\":\"Invalid username/password.\"}", Map.of());
        return;
      }
      String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      bodies.add(raw);
      if (!failures.isEmpty()) {
        int status = failures.poll();
        if (status == 429) {
          reply(
              exchange,
              429,
              "{\"detail\":\"Request was throttled. Expected available in 2 seconds.\"}",
              Map.of("Retry-After", "2"));
        } else {
          reply(exchange, status, "{\"detail\":\"Internal server error.\"}", Map.of());
        }
        return;
      }
      JsonNode body;
      try {
        body = Json.MAPPER.readTree(raw);
      } catch (IOException e) {
        reply(exchange, 400, "{\"detail\":\"JSON parse error\"}", Map.of());
        return;
      }
      JsonNode hashes = body == null ? null : body.get("hashes");
      if (hashes == null || !hashes.isArray() || hashes.isEmpty()) {
        reply(exchange, 400, "{\"detail\":\"hashes: this list may not be empty.\"}", Map.of());
        return;
      }
      ObjectNode out = Json.MAPPER.createObjectNode();
      ObjectNode scanned = out.putObject("scanned_hashes");
      for (JsonNode hash : hashes) {
        byte[] bytes;
        try {
          bytes = Base64.getDecoder().decode(hash.asText());
        } catch (IllegalArgumentException e) {
          bytes = new byte[0];
        }
        if (bytes.length != 32) {
          reply(
              exchange,
              400,
              "{\"detail\":\"hashes: each hash must be a base64-encoded 256-bit PDQ hash.\"}",
              Map.of());
          return;
        }
        PdqHash query = PdqHash.fromHex(HexFormat.of().formatHex(bytes));
        ObjectNode result = scanned.putObject(hash.asText());
        String classification = "no-known-match";
        PdqHash best = null;
        for (Map.Entry<PdqHash, String> entry : known.entrySet()) {
          int distance = entry.getKey().distance(query);
          if (distance <= 31 && (best == null || distance < best.distance(query))) {
            best = entry.getKey();
            classification = entry.getValue();
          }
        }
        result.put("classification", classification);
        if (best == null) {
          result.putNull("match_type");
          result.putNull("near_match_details");
        } else {
          result.put("match_type", "near");
          ObjectNode details = result.putObject("near_match_details");
          details.put("timestamp", 0);
          details.put("sha1_base32", "TESTSHA1" + best.toHex().substring(0, 24).toUpperCase());
          details.put("sha256_hex", best.toHex().toUpperCase());
          details.put("classification", classification);
        }
      }
      reply(exchange, 200, Json.MAPPER.writeValueAsString(out), Map.of());
    }
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
