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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
 * StopNCII.org's hash exchange: hashes people made of their own intimate images on their own
 * devices, shared with platforms so the images can be kept off them.
 *
 * <p>The protocol, as the open-source client documents it (docs/exchanges.md cites it): {@code GET
 * {url}/FetchHashes?startTimestamp=&pageSize=&nextPageToken=} with the {@code
 * Ocp-Apim-Subscription-Key} and the endpoint's {@code x-functions-key}; each record is the current
 * state of one hash and replaces any earlier record of it; {@code hashStatus} {@code Withdrawn} or
 * {@code Deleted} means drop it. Feedback is {@code POST {url}/SubmitFeedback} with {@code Blocked}
 * (we confirmed a match) or {@code NotBlocked} (we found it was not that image).
 *
 * <p>Checkpoints: the page token is short-lived, so it is never the only way back. Every page's
 * {@code nextSetTimestamp} is a safe place to resume (records at that second are read again, which
 * changes nothing), and the checkpoint carries it beside the token; a fetch that resumes after the
 * token expired (a crash, a long outage) starts again from that timestamp.
 */
final class StopNciiAdapter implements ExchangeAdapter {

  /** Where the first fetch starts (the client library's default). */
  static final long DEFAULT_START = 10;

  private final ExchangeConfig config;
  private final AdapterHttp http;
  private final Clock clock;
  private final URI base;
  private final String subscriptionKey;
  private final String fetchKey;
  private final String feedbackKey;
  private final int pageSize;
  private final Duration tokenLifetime;

  StopNciiAdapter(ExchangeConfig config, Credentials credentials, AdapterHttp http, Clock clock) {
    this.config = config;
    this.http = http;
    this.clock = clock;
    String url = config.url().toString();
    this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.subscriptionKey = credentials.require("token");
    String functionKey = credentials.get("functionKey").orElse(subscriptionKey);
    this.fetchKey = credentials.get("fetchKey").orElse(functionKey);
    this.feedbackKey = credentials.get("feedbackKey").orElse(functionKey);
    this.pageSize = StopNciiAdapterFactory.pageSize(config);
    this.tokenLifetime = StopNciiAdapterFactory.tokenLifetime(config);
  }

  /** Where a fetch continues. */
  private record Checkpoint(long resumeAt, long sequenceStart, String token, Instant tokenAt) {

    static Checkpoint read(Optional<String> text) {
      if (text.isEmpty() || text.get().isBlank()) {
        return new Checkpoint(DEFAULT_START, DEFAULT_START, null, null);
      }
      try {
        JsonNode node = Json.MAPPER.readTree(text.get());
        long resume = node.path("resumeAt").asLong(DEFAULT_START);
        String token = node.hasNonNull("token") ? node.get("token").asText() : null;
        return new Checkpoint(
            resume,
            node.path("sequenceStart").asLong(resume),
            token,
            node.hasNonNull("tokenAt") ? Instant.parse(node.get("tokenAt").asText()) : null);
      } catch (JsonProcessingException | RuntimeException e) {
        throw new ExchangeException(
            ExchangeException.Kind.PROTOCOL, "stopncii: unreadable checkpoint; reset it");
      }
    }

    String write() {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("resumeAt", resumeAt);
      if (token != null) {
        node.put("sequenceStart", sequenceStart);
        node.put("token", token);
        node.put("tokenAt", tokenAt.toString());
      }
      return node.toString();
    }
  }

  @Override
  public FetchPage fetch(Optional<String> checkpoint) {
    Checkpoint at = Checkpoint.read(checkpoint);
    Instant now = clock.instant();
    HttpResponse<String> response;
    long sequenceStart;
    if (at.token() != null && Duration.between(at.tokenAt(), now).compareTo(tokenLifetime) < 0) {
      sequenceStart = at.sequenceStart();
      response = get(sequenceStart, at.token());
      if (response.statusCode() == 400) {
        // The token expired (or the server forgot it): start again where this page began.
        sequenceStart = at.resumeAt();
        response = get(sequenceStart, null);
      }
    } else {
      sequenceStart = at.resumeAt();
      response = get(sequenceStart, null);
    }
    if (!AdapterHttp.ok(response)) {
      throw AdapterHttp.failure("stopncii FetchHashes", response);
    }
    return page(response.body(), sequenceStart, now);
  }

  private HttpResponse<String> get(long start, String token) {
    StringBuilder query =
        new StringBuilder("?startTimestamp=").append(start).append("&pageSize=").append(pageSize);
    if (token != null) {
      query.append("&nextPageToken=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
    }
    HttpRequest request =
        http.request(URI.create(base + "/FetchHashes" + query))
            .header("Ocp-Apim-Subscription-Key", subscriptionKey)
            .header("x-functions-key", fetchKey)
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.send(request, "stopncii FetchHashes");
  }

  private FetchPage page(String body, long sequenceStart, Instant now) {
    JsonNode answer;
    try {
      answer = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ExchangeException(
          ExchangeException.Kind.PROTOCOL, "stopncii FetchHashes: the answer is not JSON");
    }
    JsonNode records = answer == null ? null : answer.get("hashRecords");
    if (records == null || !records.isArray() || !answer.has("nextSetTimestamp")) {
      throw new ExchangeException(
          ExchangeException.Kind.PROTOCOL,
          "stopncii FetchHashes: the answer lacks hashRecords or nextSetTimestamp");
    }
    List<Delta> deltas = new ArrayList<>(records.size());
    int skipped = 0;
    for (JsonNode record : records) {
      Delta delta = delta(record, now);
      if (delta == null) {
        skipped++;
      } else {
        deltas.add(delta);
      }
    }
    boolean more = answer.path("hasMoreRecords").asBoolean(false);
    long next = answer.get("nextSetTimestamp").asLong();
    String token = answer.path("nextPageToken").asText("");
    Checkpoint after =
        more && !token.isEmpty()
            ? new Checkpoint(next, sequenceStart, token, now)
            : new Checkpoint(next, next, null, null);
    return new FetchPage(deltas, after.write(), more && !token.isEmpty(), false, skipped);
  }

  /** The delta of one record, or null when Vigil cannot use it (a text or URL signal...). */
  private static Delta delta(JsonNode record, Instant now) {
    SignalType type =
        switch (record.path("signalType").asText("")) {
          case "ImagePDQ" -> SignalType.PDQ;
          case "VideoMD5" -> SignalType.MD5;
          default -> null;
        };
    if (type == null) {
      return null;
    }
    String value;
    try {
      value = type.normalise(record.path("hashValue").asText(""));
    } catch (IllegalArgumentException e) {
      return null;
    }
    String status = record.path("hashStatus").asText("");
    if (status.equals("Withdrawn") || status.equals("Deleted")) {
      return Delta.Delete.byValue(type, value);
    }
    List<String> tags = new ArrayList<>();
    tags.add("status:" + status.toLowerCase(Locale.ROOT));
    // Other platforms' verdicts on the hash: Blocked confirms it, NotBlocked says it was not NCII.
    List<Opinion> opinions = new ArrayList<>();
    Instant modified = Instant.ofEpochSecond(record.path("lastModtimestamp").asLong(0));
    for (JsonNode feedback : record.path("CSPFeedbacks")) {
      String verdict = feedback.path("feedbackValue").asText("");
      if (verdict.isEmpty()) {
        continue;
      }
      tags.add("csp_feedback:" + verdict);
      Opinion.Kind kind =
          switch (verdict) {
            case "Blocked" -> Opinion.Kind.TRUE_POSITIVE;
            case "NotBlocked" -> Opinion.Kind.FALSE_POSITIVE;
            default -> null;
          };
      if (kind != null) {
        String source = feedback.path("source").asText("");
        List<String> feedbackTags = new ArrayList<>();
        feedback.path("tags").forEach(tag -> feedbackTags.add(tag.asText()));
        opinions.add(
            new Opinion(
                kind,
                "ncii",
                feedbackTags,
                source.isEmpty() ? "stopncii" : "csp:" + source,
                modified));
      }
    }
    return new Delta.Upsert(type, value, null, List.of("ncii"), tags, now, opinions);
  }

  @Override
  public boolean acceptsFeedback() {
    return true;
  }

  @Override
  public void report(ExchangeSignal signal, Opinion opinion) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("count", 1);
    ObjectNode feedback = body.putArray("hashFeedbacks").addObject();
    feedback.put("hashValue", signal.value());
    feedback.put(
        "feedbackValue", opinion.kind() == Opinion.Kind.TRUE_POSITIVE ? "Blocked" : "NotBlocked");
    var tags = feedback.putArray("tags");
    opinion.tags().forEach(tags::add);
    HttpRequest request =
        http.request(URI.create(base + "/SubmitFeedback"))
            .header("Ocp-Apim-Subscription-Key", subscriptionKey)
            .header("x-functions-key", feedbackKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response = http.send(request, "stopncii SubmitFeedback");
    if (!AdapterHttp.ok(response)) {
      throw AdapterHttp.failure("stopncii SubmitFeedback", response);
    }
  }

  @Override
  public String toString() {
    return "stopncii exchange " + config.name();
  }
}
