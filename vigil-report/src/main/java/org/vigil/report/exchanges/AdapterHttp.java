package org.vigil.report.exchanges;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.vigil.core.banks.exchanges.ExchangeException;

/**
 * The HTTP calls of the exchange adapters: bounded by a timeout, never following redirects (a
 * credential never goes to a host the operator did not name), and failures turned into {@link
 * ExchangeException}s an operator can act on. Messages name the exchange and the status, never a
 * URL (ThreatExchange's carry the access token) or a header.
 */
final class AdapterHttp {

  /** The most of an answer body quoted in an error. */
  private static final int MAX_QUOTED = 300;

  private final HttpClient client;
  private final Duration timeout;

  AdapterHttp(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A request builder with the timeout set. */
  HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(timeout);
  }

  /** The answer, whatever its status; an unreachable exchange is {@code UNAVAILABLE}. */
  HttpResponse<String> send(HttpRequest request, String what) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ExchangeException(
          ExchangeException.Kind.UNAVAILABLE,
          what + ": no answer (" + e.getClass().getSimpleName() + ")",
          null,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExchangeException(
          ExchangeException.Kind.UNAVAILABLE, what + ": interrupted", null, e);
    }
  }

  /**
   * The exception for a non-2xx answer: 401/403 authentication, 429 throttled (with {@code
   * Retry-After} when given in seconds), 5xx unavailable, other 4xx protocol.
   */
  static ExchangeException failure(String what, HttpResponse<String> response) {
    int status = response.statusCode();
    String detail = " (HTTP " + status + ": " + quote(response.body()) + ")";
    if (status == 401 || status == 403) {
      return new ExchangeException(
          ExchangeException.Kind.AUTHENTICATION,
          what + ": the exchange refused our credentials" + detail);
    }
    if (status == 429) {
      return new ExchangeException(
          ExchangeException.Kind.THROTTLED,
          what + ": the exchange asked us to slow down" + detail,
          retryAfter(response).orElse(null),
          null);
    }
    if (status >= 500) {
      return new ExchangeException(
          ExchangeException.Kind.UNAVAILABLE, what + ": the exchange failed" + detail);
    }
    return new ExchangeException(
        ExchangeException.Kind.PROTOCOL, what + ": the exchange refused the request" + detail);
  }

  static Optional<Duration> retryAfter(HttpResponse<String> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(header.get().trim());
      return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty(); // an HTTP date: the schedule's backoff applies
    }
  }

  static boolean ok(HttpResponse<String> response) {
    return response.statusCode() / 100 == 2;
  }

  /** A short, single-line excerpt of an answer body for an error message. */
  static String quote(String body) {
    if (body == null || body.isBlank()) {
      return "no body";
    }
    String line = body.strip().replaceAll("\\s+", " ");
    return line.length() <= MAX_QUOTED ? line : line.substring(0, MAX_QUOTED) + "…";
  }
}
