package org.vigil.report.exchanges;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.Delta;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeException;
import org.vigil.core.banks.exchanges.ExchangeSignal;
import org.vigil.core.banks.exchanges.FetchPage;
import org.vigil.core.banks.exchanges.Opinion;
import org.vigil.core.json.Json;

/**
 * One Meta ThreatExchange privacy group, kept in step through the Graph API's {@code
 * /<group>/threat_updates} (docs/exchanges.md cites the documentation).
 *
 * <p>A fetch covers a time window {@code [start, stop)}: {@code stop} is fixed when the window
 * opens, so updates arriving meanwhile fall into the next window and none is missed or read twice
 * by the window logic. Pages follow {@code paging.next}. An entry with {@code should_delete} (or
 * without descriptors) is a tombstone: the hash leaves the bank. A descriptor's id is the signal's
 * external id, because reactions address descriptors.
 *
 * <p>Checkpoints: the window, the next page's URL with the access token removed (never stored), and
 * the newest {@code last_updated} applied. The Graph cursor expires; a resume with an expired
 * cursor restarts the same window from that newest time, re-reading at most one page's worth
 * (updates are ordered by time), which changes nothing.
 *
 * <p>Feedback is reactions on the descriptor: a confirmed match {@code SAW_THIS_TOO} and {@code
 * HELPFUL}, an overturned one {@code NOT_HELPFUL}.
 */
final class ThreatExchangeAdapter implements ExchangeAdapter {

  /** The fields a threat_updates call asks for. */
  static final String FIELDS =
      "id,indicator,type,last_updated,should_delete,"
          + "descriptors{id,reactions,my_reactions,owner{id},tags,status,added_on}";

  private final ExchangeConfig config;
  private final AdapterHttp http;
  private final Clock clock;
  private final String base;
  private final String group;
  private final String token;
  private final int pageSize;

  ThreatExchangeAdapter(
      ExchangeConfig config, Credentials credentials, AdapterHttp http, Clock clock) {
    this.config = config;
    this.http = http;
    this.clock = clock;
    String url = config.url().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.group = ThreatExchangeAdapterFactory.privacyGroup(config);
    this.token = credentials.require("token");
    this.pageSize = ThreatExchangeAdapterFactory.pageSize(config);
  }

  private record Checkpoint(long start, Long stop, String next, long progress) {

    static Checkpoint read(Optional<String> text) {
      if (text.isEmpty() || text.get().isBlank()) {
        return new Checkpoint(0, null, null, 0);
      }
      try {
        JsonNode node = Json.MAPPER.readTree(text.get());
        long start = node.path("start").asLong(0);
        return new Checkpoint(
            start,
            node.hasNonNull("stop") ? node.get("stop").asLong() : null,
            node.hasNonNull("next") ? node.get("next").asText() : null,
            node.path("progress").asLong(start));
      } catch (JsonProcessingException | RuntimeException e) {
        throw new ExchangeException(
            ExchangeException.Kind.PROTOCOL, "threatexchange: unreadable checkpoint; reset it");
      }
    }

    String write() {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("start", start);
      if (stop != null) {
        node.put("stop", stop);
        node.put("next", next);
        node.put("progress", progress);
      }
      return node.toString();
    }
  }

  @Override
  public FetchPage fetch(Optional<String> checkpoint) {
    Checkpoint at = Checkpoint.read(checkpoint);
    Instant now = clock.instant();
    HttpResponse<String> response;
    long start;
    long stop;
    if (at.stop() != null && at.next() != null) {
      start = at.start();
      stop = at.stop();
      response = get(withToken(at.next()));
      if (cursorExpired(response)) {
        // Updates are ordered by time: the same window again from the newest one applied.
        start = at.progress();
        response = get(firstPage(start, stop));
      }
    } else {
      start = at.start();
      stop = now.getEpochSecond();
      response = get(firstPage(start, stop));
    }
    if (!AdapterHttp.ok(response)) {
      throw failure(response);
    }
    return page(response.body(), start, stop, Math.max(at.progress(), start), now);
  }

  private String firstPage(long start, long stop) {
    return base
        + "/"
        + group
        + "/threat_updates?start_time="
        + start
        + "&stop_time="
        + stop
        + "&limit="
        + pageSize
        + "&fields="
        + URLEncoder.encode(FIELDS, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> get(String url) {
    String withToken = withToken(url);
    return http.send(
        http.request(URI.create(withToken)).header("Accept", "application/json").GET().build(),
        "threatexchange threat_updates");
  }

  /** The URL with our access token (and no other). */
  private String withToken(String url) {
    String clean = withoutToken(url);
    return clean
        + (clean.contains("?") ? "&" : "?")
        + "access_token="
        + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  /** The URL without any access_token parameter: what a checkpoint may store. */
  static String withoutToken(String url) {
    int q = url.indexOf('?');
    if (q < 0) {
      return url;
    }
    StringBuilder out = new StringBuilder(url.substring(0, q));
    char sep = '?';
    for (String pair : url.substring(q + 1).split("&")) {
      if (pair.isEmpty() || pair.startsWith("access_token=") || pair.equals("access_token")) {
        continue;
      }
      out.append(sep).append(pair);
      sep = '&';
    }
    return out.toString();
  }

  private FetchPage page(String body, long start, long stop, long progress, Instant now) {
    JsonNode answer;
    try {
      answer = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ExchangeException(
          ExchangeException.Kind.PROTOCOL, "threatexchange threat_updates: the answer is not JSON");
    }
    JsonNode data = answer == null ? null : answer.get("data");
    if (data == null || !data.isArray()) {
      throw new ExchangeException(
          ExchangeException.Kind.PROTOCOL, "threatexchange threat_updates: the answer lacks data");
    }
    List<Delta> deltas = new ArrayList<>(data.size());
    int skipped = 0;
    long newest = progress;
    for (JsonNode update : data) {
      newest = Math.max(newest, update.path("last_updated").asLong(0));
      Delta delta = delta(update, now);
      if (delta == null) {
        skipped++;
      } else {
        deltas.add(delta);
      }
    }
    String next = answer.path("paging").path("next").asText("");
    if (next.isEmpty()) {
      // The window is exhausted: the next fetch opens [stop, now).
      return new FetchPage(
          deltas, new Checkpoint(stop, null, null, stop).write(), false, false, skipped);
    }
    Checkpoint after = new Checkpoint(start, stop, withoutToken(next), newest);
    return new FetchPage(deltas, after.write(), true, false, skipped);
  }

  private static Delta delta(JsonNode update, Instant now) {
    SignalType type =
        switch (update.path("type").asText("")) {
          case "HASH_PDQ" -> SignalType.PDQ;
          case "HASH_MD5", "HASH_VIDEO_MD5" -> SignalType.MD5;
          default -> null;
        };
    if (type == null) {
      return null;
    }
    String value;
    try {
      value = type.normalise(update.path("indicator").asText(""));
    } catch (IllegalArgumentException e) {
      return null;
    }
    JsonNode descriptors = update.path("descriptors").path("data");
    if (update.path("should_delete").asBoolean(false)
        || !descriptors.isArray()
        || descriptors.isEmpty()) {
      return Delta.Delete.byValue(type, value);
    }
    // The earliest descriptor is the one feedback goes to; every descriptor's tags are categories.
    String descriptorId = null;
    String firstAdded = null;
    Set<String> categories = new LinkedHashSet<>();
    Set<String> tags = new LinkedHashSet<>();
    List<Opinion> opinions = new ArrayList<>();
    Instant updated = Instant.ofEpochSecond(update.path("last_updated").asLong(0));
    for (JsonNode descriptor : descriptors) {
      String added = descriptor.path("added_on").asText("");
      if (descriptorId == null || added.compareTo(firstAdded) < 0) {
        descriptorId = descriptor.path("id").asText(null);
        firstAdded = added;
      }
      JsonNode descriptorTags = descriptor.path("tags");
      JsonNode tagList = descriptorTags.has("data") ? descriptorTags.get("data") : descriptorTags;
      for (JsonNode tag : tagList) {
        String text = tag.isTextual() ? tag.asText() : tag.path("text").asText("");
        if (!text.isEmpty()) {
          categories.add(text);
        }
      }
      String status = descriptor.path("status").asText("");
      if (!status.isEmpty()) {
        tags.add("status:" + status);
      }
      if (status.equals("NON_MALICIOUS")) {
        // A member who reviewed the indicator says it is not what the group collects.
        opinions.add(
            new Opinion(
                Opinion.Kind.FALSE_POSITIVE,
                null,
                List.of("NON_MALICIOUS"),
                "member:" + descriptor.path("owner").path("id").asText("?"),
                updated));
      }
      for (JsonNode reaction : descriptor.path("reactions")) {
        String name = reaction.isTextual() ? reaction.asText() : reaction.path("key").asText("");
        if (!name.isEmpty()) {
          tags.add("reaction:" + name);
        }
      }
    }
    return new Delta.Upsert(
        type, value, descriptorId, List.copyOf(categories), List.copyOf(tags), now, opinions);
  }

  private static boolean cursorExpired(HttpResponse<String> response) {
    return response.statusCode() == 400 && graphCode(response) == 100;
  }

  /** The Graph API error's {@code code}, or -1. */
  private static int graphCode(HttpResponse<String> response) {
    try {
      JsonNode node = Json.MAPPER.readTree(response.body());
      return node == null ? -1 : node.path("error").path("code").asInt(-1);
    } catch (JsonProcessingException e) {
      return -1;
    }
  }

  /**
   * A Graph API error as an exchange failure: codes 190 and 102 (token), 10 and 200–299
   * (permission) are authentication; 4, 17, 32 and 613 are throttling whatever the status; 1 and 2
   * (temporary) and 5xx are unavailability.
   */
  private static ExchangeException failure(HttpResponse<String> response) {
    int code = graphCode(response);
    String what = "threatexchange";
    if (code == 190 || code == 102 || code == 10 || (code >= 200 && code <= 299)) {
      return new ExchangeException(
          ExchangeException.Kind.AUTHENTICATION,
          what
              + ": the Graph API refused our access token (code "
              + code
              + ": "
              + AdapterHttp.quote(response.body())
              + ")");
    }
    if (code == 4 || code == 17 || code == 32 || code == 613 || response.statusCode() == 429) {
      return new ExchangeException(
          ExchangeException.Kind.THROTTLED,
          what + ": the Graph API throttled us (code " + code + ")",
          AdapterHttp.retryAfter(response).orElse(null),
          null);
    }
    if (code == 1 || code == 2) {
      return new ExchangeException(
          ExchangeException.Kind.UNAVAILABLE,
          what + ": the Graph API failed temporarily (code " + code + ")");
    }
    return AdapterHttp.failure(what, response);
  }

  @Override
  public boolean acceptsFeedback() {
    return true;
  }

  @Override
  public void report(ExchangeSignal signal, Opinion opinion) {
    if (signal.externalId() == null || !signal.externalId().matches("[0-9]{1,32}")) {
      throw new ExchangeException(
          ExchangeException.Kind.PROTOCOL,
          "threatexchange: the signal has no descriptor id to react to");
    }
    List<String> reactions =
        opinion.kind() == Opinion.Kind.TRUE_POSITIVE
            ? List.of("SAW_THIS_TOO", "HELPFUL")
            : List.of("NOT_HELPFUL");
    // One reaction per call; reactions are a set, so a retry after a partial success is harmless.
    for (String reaction : reactions) {
      String form =
          "access_token="
              + URLEncoder.encode(token, StandardCharsets.UTF_8)
              + "&reactions="
              + reaction;
      HttpRequest request =
          http.request(URI.create(base + "/" + signal.externalId()))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
              .build();
      HttpResponse<String> response = http.send(request, "threatexchange reaction");
      if (!AdapterHttp.ok(response)) {
        throw failure(response);
      }
    }
  }

  @Override
  public String toString() {
    return "threatexchange exchange " + config.name() + " (privacy group " + group + ")";
  }
}
