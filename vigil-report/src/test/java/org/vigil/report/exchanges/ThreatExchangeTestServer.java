package org.vigil.report.exchanges;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.vigil.core.json.Json;

/**
 * A stand-in for Meta's ThreatExchange Graph API (reachable only by approved apps), implementing
 * the documented shape of {@code GET /<privacy-group>/threat_updates} and of reactions (see
 * docs/exchanges.md for the sources):
 *
 * <ul>
 *   <li>{@code access_token} on every call, else HTTP 400 with a Graph error {@code {"error":
 *       {"message", "type": "OAuthException", "code": 190, "fbtrace_id"}}};
 *   <li>updates are ordered by {@code last_updated}; {@code start_time} and {@code stop_time} bound
 *       the window (start inclusive, stop exclusive here); each entry has {@code id, indicator,
 *       type, last_updated, should_delete} and, unless deleted, {@code descriptors.data[]} with
 *       {@code id, owner{id}, status, tags, added_on, reactions, my_reactions}; {@code limit} sizes
 *       the page and {@code paging.next} (with the token and an {@code after} cursor) continues it;
 *       a cursor expires after a while ({@code code 100});
 *   <li>throttling answers {@code code 4} ("Application request limit reached");
 *   <li>{@code POST /<descriptor-id>} with {@code reactions=NAME} adds a reaction.
 * </ul>
 */
public final class ThreatExchangeTestServer implements AutoCloseable {

  public static final Set<String> REACTIONS =
      Set.of(
          "HELPFUL",
          "NOT_HELPFUL",
          "OUTDATED",
          "SAW_THIS_TOO",
          "WANT_MORE_INFO",
          "DISAGREE_WITH_TAGS",
          "INGESTED",
          "IN_REVIEW",
          "NON_MALICIOUS",
          "REVIEWED");

  /** One update of the privacy group: an indicator with its descriptors, or a tombstone. */
  public record Update(
      long id,
      String type,
      String indicator,
      long lastUpdated,
      boolean shouldDelete,
      long descriptorId,
      long ownerId,
      String status,
      List<String> tags,
      List<String> othersReactions) {}

  private record Cursor(List<Update> window, int offset, long issuedAtMillis, int limit) {}

  private final HttpServer server;
  private final String token;
  private final String group;
  private final Map<Long, Update> updates = new LinkedHashMap<>();
  private final Map<String, Cursor> cursors = new HashMap<>();
  private final Deque<Integer> failures = new ArrayDeque<>();
  private final List<Map<String, String>> requests = new ArrayList<>();
  private final Map<Long, Set<String>> reactions = new LinkedHashMap<>();
  private Duration cursorLifetime = Duration.ofMinutes(10);

  public ThreatExchangeTestServer(String token, String group) {
    this.token = token;
    this.group = group;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v21.0/", this::handle);
    server.start();
  }

  /** The Graph API base: {@code http://127.0.0.1:port/v21.0}. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v21.0");
  }

  /** An indicator with one descriptor by another member. */
  public synchronized void put(
      long id, String type, String indicator, long descriptorId, long lastUpdated, String... tags) {
    updates.put(
        id,
        new Update(
            id,
            type,
            indicator,
            lastUpdated,
            false,
            descriptorId,
            4242L,
            "MALICIOUS",
            List.of(tags),
            List.of()));
  }

  public synchronized void put(Update update) {
    updates.put(update.id(), update);
  }

  /** The indicator left the privacy group: a {@code should_delete} entry. */
  public synchronized void delete(long id, long lastUpdated) {
    Update old = updates.get(id);
    updates.put(
        id,
        new Update(
            id,
            old.type(),
            old.indicator(),
            lastUpdated,
            true,
            old.descriptorId(),
            old.ownerId(),
            old.status(),
            List.of(),
            List.of()));
  }

  public synchronized void cursorLifetime(Duration lifetime) {
    this.cursorLifetime = lifetime;
  }

  /** Answers the next calls with these HTTP statuses (429 = Graph throttling, code 4). */
  public synchronized void failNext(int... statuses) {
    for (int status : statuses) {
      failures.add(status);
    }
  }

  /** The query of every threat_updates call that passed authentication. */
  public synchronized List<Map<String, String>> requests() {
    return List.copyOf(requests);
  }

  /** Reactions added to a descriptor through the API. */
  public synchronized Set<String> reactions(long descriptorId) {
    return Set.copyOf(reactions.getOrDefault(descriptorId, Set.of()));
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring("/v21.0/".length());
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      if ("POST".equals(exchange.getRequestMethod())) {
        query.putAll(
            query(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      }
      if (!token.equals(query.get("access_token"))) {
        graphError(exchange, 400, "Invalid OAuth access token - Cannot parse access token", 190);
        return;
      }
      if (!failures.isEmpty()) {
        int status = failures.poll();
        if (status == 429) {
          graphError(exchange, 400, "(#4) Application request limit reached", 4);
        } else {
          graphError(exchange, status, "An unexpected error has occurred.", 2);
        }
        return;
      }
      if (path.equals(group + "/threat_updates") || path.equals(group + "/threat_updates/")) {
        requests.add(query);
        threatUpdates(exchange, query);
        return;
      }
      if ("POST".equals(exchange.getRequestMethod()) && path.matches("[0-9]+")) {
        react(exchange, Long.parseLong(path), query.get("reactions"));
        return;
      }
      graphError(exchange, 400, "Unsupported request: " + path, 100);
    }
  }

  private void threatUpdates(HttpExchange exchange, Map<String, String> query) throws IOException {
    Cursor cursor;
    String after = query.get("after");
    if (after != null) {
      cursor = cursors.remove(after);
      if (cursor == null
          || System.currentTimeMillis() - cursor.issuedAtMillis() > cursorLifetime.toMillis()) {
        graphError(exchange, 400, "(#100) Invalid cursor: it has expired", 100);
        return;
      }
    } else {
      long start;
      long stop;
      int limit;
      try {
        start = Long.parseLong(query.getOrDefault("start_time", "0"));
        stop = Long.parseLong(query.getOrDefault("stop_time", String.valueOf(Long.MAX_VALUE)));
        limit = Integer.parseInt(query.getOrDefault("limit", "25"));
      } catch (NumberFormatException e) {
        graphError(exchange, 400, "(#100) start_time, stop_time and limit are integers", 100);
        return;
      }
      if (limit < 1 || limit > 1000) {
        graphError(exchange, 400, "(#100) limit must be 1 to 1000", 100);
        return;
      }
      List<Update> window = new ArrayList<>();
      for (Update update : updates.values()) {
        if (update.lastUpdated() >= start && update.lastUpdated() < stop) {
          window.add(update);
        }
      }
      window.sort(Comparator.comparingLong(Update::lastUpdated).thenComparingLong(Update::id));
      cursor = new Cursor(window, 0, System.currentTimeMillis(), limit);
    }
    int to = Math.min(cursor.offset() + cursor.limit(), cursor.window().size());
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode data = body.putArray("data");
    for (Update update : cursor.window().subList(cursor.offset(), to)) {
      ObjectNode node = data.addObject();
      node.put("id", String.valueOf(update.id()));
      node.put("indicator", update.indicator());
      node.put("type", update.type());
      node.put("last_updated", update.lastUpdated());
      node.put("should_delete", update.shouldDelete());
      if (!update.shouldDelete()) {
        ObjectNode descriptor = node.putObject("descriptors").putArray("data").addObject();
        descriptor.put("id", String.valueOf(update.descriptorId()));
        descriptor.putObject("owner").put("id", String.valueOf(update.ownerId()));
        descriptor.put("status", update.status());
        ArrayNode tags = descriptor.putArray("tags");
        update.tags().forEach(tags::add);
        descriptor.put("added_on", "2026-01-01T00:00:00+0000");
        ArrayNode others = descriptor.putArray("reactions");
        update.othersReactions().forEach(others::add);
        ArrayNode mine = descriptor.putArray("my_reactions");
        reactions.getOrDefault(update.descriptorId(), Set.of()).forEach(mine::add);
      }
    }
    ObjectNode paging = body.putObject("paging");
    if (to < cursor.window().size()) {
      String next = UUID.randomUUID().toString();
      cursors.put(
          next, new Cursor(cursor.window(), to, System.currentTimeMillis(), cursor.limit()));
      paging.putObject("cursors").put("after", next);
      paging.put(
          "next",
          base()
              + "/"
              + group
              + "/threat_updates?access_token="
              + URLEncoder.encode(token, StandardCharsets.UTF_8)
              + "&limit="
              + cursor.limit()
              + "&after="
              + next);
    }
    reply(exchange, 200, Json.MAPPER.writeValueAsString(body));
  }

  private void react(HttpExchange exchange, long descriptorId, String reaction) throws IOException {
    boolean known = false;
    for (Update update : updates.values()) {
      known |= update.descriptorId() == descriptorId && !update.shouldDelete();
    }
    if (!known) {
      graphError(exchange, 400, "(#100) Unknown descriptor " + descriptorId, 100);
      return;
    }
    if (reaction == null || !REACTIONS.contains(reaction)) {
      graphError(exchange, 400, "(#100) reactions must be a ReactionType", 100);
      return;
    }
    reactions.computeIfAbsent(descriptorId, k -> new LinkedHashSet<>()).add(reaction);
    reply(exchange, 200, "{\"success\":true}");
  }

  private static void graphError(HttpExchange exchange, int status, String message, int code)
      throws IOException {
    ObjectNode error = Json.MAPPER.createObjectNode();
    ObjectNode inner = error.putObject("error");
    inner.put("message", message);
    inner.put("type", code == 190 ? "OAuthException" : "GraphMethodException");
    inner.put("code", code);
    inner.put("fbtrace_id", "A" + UUID.randomUUID().toString().substring(0, 10));
    reply(exchange, status, Json.MAPPER.writeValueAsString(error));
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
