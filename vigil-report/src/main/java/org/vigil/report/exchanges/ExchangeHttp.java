package org.vigil.report.exchanges;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.ExchangeException;
import org.vigil.core.error.VigilException;

/**
 * What every exchange adapter shares: one HTTP client with timeouts, authorisation headers from
 * {@link Credentials}, and the mapping of HTTP failures to {@link ExchangeException} kinds (401 and
 * 403: authentication; 429: throttled, with the Retry-After it sent; 5xx and network errors:
 * unavailable; anything else unexpected: protocol). Error messages name the status and the URL's
 * host and path, never a query string (it may carry a token) or a credential.
 */
public final class ExchangeHttp {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final HttpClient client;

  public ExchangeHttp() {
    this(
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            // Never followed: the JDK re-sends our Authorization header to wherever a redirect
            // points, which would hand an exchange's secret to another host.
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
  }

  ExchangeHttp(HttpClient client) {
    this.client = client;
  }

  /** True for a loopback host, where tests may use plain HTTP. */
  static boolean isLoopback(URI url) {
    return url.getHost() != null && LOOPBACK.contains(url.getHost());
  }

  /**
   * Checks an exchange URL: absolute, http(s), and https unless {@code plainAllowed} or loopback.
   *
   * @throws VigilException (invalid, field {@code url})
   */
  static void checkUrl(URI url, boolean plainAllowed) {
    if (url == null) {
      throw VigilException.invalid("url", "url is required");
    }
    String scheme = url.getScheme();
    if (scheme == null || url.getHost() == null) {
      throw VigilException.invalid("url", "url must be an absolute http(s) URL");
    }
    if (!"https".equals(scheme) && !("http".equals(scheme) && (plainAllowed || isLoopback(url)))) {
      throw VigilException.invalid(
          "url", plainAllowed ? "url must be http or https" : "url must be https");
    }
    if (url.getUserInfo() != null) {
      throw VigilException.invalid(
          "url", "url must not carry credentials; give them in 'credentials'");
    }
  }

  /** A Basic authorisation header value. */
  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A request builder with the request timeout set. */
  static HttpRequest.Builder request(URI url) {
    return HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT);
  }

  /** Sends and returns the answer whatever its status, as text. */
  HttpResponse<String> sendText(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Sends and returns the answer whatever its status, as a stream the caller closes. */
  HttpResponse<InputStream> sendStream(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return client.send(request, handler);
    } catch (IOException e) {
      throw new ExchangeException(
          ExchangeException.Kind.UNAVAILABLE,
          where(request.uri()) + " unreachable: " + e.getClass().getSimpleName(),
          null,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExchangeException(
          ExchangeException.Kind.UNAVAILABLE, "interrupted calling " + where(request.uri()));
    }
  }

  /**
   * Throws the {@link ExchangeException} a failed status means; returns for 2xx and for any status
   * in {@code alsoOk} (e.g. 304).
   */
  static void check(HttpResponse<?> response, int... alsoOk) {
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    for (int ok : alsoOk) {
      if (status == ok) {
        return;
      }
    }
    closeQuietly(response);
    String where = where(response.uri());
    if (status == 401 || status == 403) {
      throw new ExchangeException(
          ExchangeException.Kind.AUTHENTICATION,
          "HTTP " + status + " from " + where + ": the exchange refused the credentials");
    }
    if (status == 429) {
      Optional<Duration> wait = retryAfter(response.headers().firstValue("Retry-After"));
      throw new ExchangeException(
          ExchangeException.Kind.THROTTLED,
          "HTTP 429 from "
              + where
              + wait.map(d -> " (Retry-After " + d.toSeconds() + " s)").orElse(""),
          wait.orElse(null),
          null);
    }
    if (status / 100 == 3) {
      String location =
          response
              .headers()
              .firstValue("Location")
              .map(ExchangeHttp::whereQuietly)
              .orElse("nowhere");
      throw new ExchangeException(
          ExchangeException.Kind.PROTOCOL,
          "HTTP "
              + status
              + " from "
              + where
              + " redirects to "
              + location
              + "; redirects are not followed (credentials stay with the configured host): set the"
              + " exchange's url to the final location");
    }
    if (status / 100 == 5) {
      throw new ExchangeException(
          ExchangeException.Kind.UNAVAILABLE, "HTTP " + status + " from " + where);
    }
    throw new ExchangeException(
        ExchangeException.Kind.PROTOCOL, "unexpected HTTP " + status + " from " + where);
  }

  /** Retry-After as delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
  static Optional<Duration> retryAfter(Optional<String> header) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(Instant.now(), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  private static String whereQuietly(String location) {
    try {
      URI target = URI.create(location);
      return target.isAbsolute() ? where(target) : target.getPath();
    } catch (IllegalArgumentException e) {
      return "an unreadable Location";
    }
  }

  /** Host and path only: a query string may carry a token. */
  static String where(URI url) {
    return url.getScheme()
        + "://"
        + url.getAuthority()
        + (url.getPath() == null ? "" : url.getPath());
  }

  private static void closeQuietly(HttpResponse<?> response) {
    if (response.body() instanceof InputStream in) {
      try {
        in.close();
      } catch (IOException ignored) {
        // The answer is an error anyway; nothing more to read.
      }
    }
  }
}
