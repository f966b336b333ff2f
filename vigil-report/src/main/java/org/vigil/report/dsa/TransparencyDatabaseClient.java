package org.vigil.report.dsa;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.json.Json;

/**
 * The European Commission's DSA Transparency Database API for statements of reasons (Art. 24(5)):
 * {@code POST {url}/api/v1/statements} with {@code {"statements": [...]}}, 1 to 100 at a time,
 * bearer token (a Laravel Sanctum personal access token). The call is all or nothing: on any error
 * nothing is stored. The answers it documents, and how they are read here:
 *
 * <ul>
 *   <li>201: all stored;
 *   <li>422 with {@code errors.existing_puids}: those PUIDs were already used (filed earlier, or
 *       repeated within the call); the others were not stored;
 *   <li>422 with {@code errors.statement_<i>}: statement {@code i} (0-based) is invalid;
 *   <li>429 (rate limited) and 5xx: try again later;
 *   <li>anything else (401, 403, 413...): refused as sent.
 * </ul>
 *
 * Redirects are never followed: the API's own 302 carries no Location (README of the test data).
 */
public final class TransparencyDatabaseClient {

  /** The most statements the API takes in one call. */
  public static final int MAX_BATCH = 100;

  /** What the database answered. */
  public sealed interface Answer {
    record Created() implements Answer {}

    record ExistingPuids(List<String> puids) implements Answer {}

    /** Invalid statements by their index in the batch, with the errors as JSON text. */
    record Invalid(Map<Integer, String> errors) implements Answer {}

    record Retry(String why) implements Answer {}

    record Refused(int status, String why) implements Answer {}
  }

  private final URI endpoint;
  private final String token;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param url the database's base URL (production https://transparency.dsa.ec.europa.eu, or the
   *     sandbox URL given at onboarding)
   */
  public TransparencyDatabaseClient(URI url, String token, Duration timeout) {
    if (url == null || token == null || token.isBlank()) {
      throw new IllegalArgumentException("the Transparency Database needs a URL and a token");
    }
    String base = url.toString().replaceAll("/+$", "");
    this.endpoint = URI.create(base + "/api/v1/statements");
    this.token = token;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Sends {@code statements} (each a JSON object as text) in one call. */
  public Answer submit(List<String> statements) {
    if (statements.isEmpty() || statements.size() > MAX_BATCH) {
      throw new IllegalArgumentException("a batch holds 1 to 100 statements");
    }
    String body = "{\"statements\":[" + String.join(",", statements) + "]}";
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Answer.Retry("no answer from " + endpoint.getHost() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer.Retry("interrupted");
    }
    return read(response.statusCode(), response.body());
  }

  static Answer read(int status, String body) {
    if (status == 201) {
      return new Answer.Created();
    }
    if (status == 429 || status >= 500) {
      return new Answer.Retry("HTTP " + status + ": " + abbreviate(body));
    }
    if (status == 422) {
      JsonNode errors;
      try {
        errors = Json.MAPPER.readTree(body).path("errors");
      } catch (IOException e) {
        return new Answer.Refused(status, "unreadable 422 body: " + abbreviate(body));
      }
      JsonNode existing = errors.path("existing_puids");
      if (existing.isArray() && !existing.isEmpty()) {
        List<String> puids = new ArrayList<>();
        existing.forEach(p -> puids.add(p.asText()));
        return new Answer.ExistingPuids(puids);
      }
      Map<Integer, String> invalid = new LinkedHashMap<>();
      errors
          .properties()
          .forEach(
              e -> {
                if (e.getKey().startsWith("statement_")) {
                  try {
                    invalid.put(
                        Integer.parseInt(e.getKey().substring("statement_".length())),
                        e.getValue().toString());
                  } catch (NumberFormatException ignored) {
                    // Not a per-statement key; the whole call is refused below.
                  }
                }
              });
      if (!invalid.isEmpty()) {
        return new Answer.Invalid(invalid);
      }
      return new Answer.Refused(status, abbreviate(body));
    }
    return new Answer.Refused(status, abbreviate(body));
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return "";
    }
    return body.length() <= 300 ? body : body.substring(0, 300) + "…";
  }
}
