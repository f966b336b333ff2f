package org.vigil.server.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.json.Json;
import org.vigil.core.minors.ReviewAction;
import org.vigil.core.minors.ReviewActionOutbox;

/**
 * Pushes the existing-accounts review actions to the platform's webhook, one signed event per
 * action, oldest first.
 *
 * <p>Why it is built this way: the outbox row is the only state. The worker always sends the
 * undelivered row with the lowest id and does not look past it until a receiver answers 2xx, so
 * actions arrive in order and none is skipped; attempts and their outcome are stored on the row
 * before anything else happens, so a restart resumes where it stopped, with the same backoff. The
 * event id depends only on the action itself, so every retry (and a re-delivery after a crash
 * between the 2xx and the database write) carries the same id for the receiver to deduplicate.
 * Delivery is therefore at least once, in order. The application's job scheduler calls {@link
 * #deliverDue} periodically; shutting it down interrupts a pass, which then stops where it is.
 */
public final class WebhookDelivery {

  /** Event type in every body; receivers should ignore types they do not know. */
  public static final String EVENT_TYPE = "minors.review_action";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);

  /**
   * Wait before retrying a failed action: {@code first}, doubling per failed attempt, at most
   * {@code max}.
   */
  public record Backoff(Duration first, Duration max) {

    /** 5 s, 10 s, 20 s ... up to one hour between attempts, forever. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(5), Duration.ofHours(1));

    public Backoff {
      if (first == null || max == null || first.isNegative() || first.isZero()) {
        throw new IllegalArgumentException("backoff must be positive");
      }
      if (max.compareTo(first) < 0) {
        throw new IllegalArgumentException("backoff max must be at least the first wait");
      }
    }

    /** The wait after {@code failedAttempts} failures (1 or more). */
    public Duration after(int failedAttempts) {
      Duration wait = first;
      for (int i = 1; i < failedAttempts && wait.compareTo(max) < 0; i++) {
        wait = wait.multipliedBy(2);
      }
      return wait.compareTo(max) < 0 ? wait : max;
    }
  }

  private final ReviewActionOutbox outbox;
  private final URI url;
  private final String secret;
  private final Clock clock;
  private final Backoff backoff;
  private final HttpClient http;

  public WebhookDelivery(
      ReviewActionOutbox outbox, URI url, String secret, Clock clock, Backoff backoff) {
    if (outbox == null || url == null || clock == null || backoff == null) {
      throw new IllegalArgumentException("outbox, url, clock and backoff are required");
    }
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("a webhook secret is required");
    }
    this.outbox = outbox;
    this.url = url;
    this.secret = secret;
    this.clock = clock;
    this.backoff = backoff;
    // Redirects are not followed: a 3xx is a failed attempt, so the signed body never goes to a
    // host the operator did not configure.
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Sends undelivered actions in order until none is left, one fails, or the oldest is still
   * backing off.
   *
   * @return how many actions were delivered
   */
  public int deliverDue() {
    int delivered = 0;
    long previous = -1;
    while (true) {
      Optional<ReviewAction> next = outbox.oldestUndelivered();
      if (next.isEmpty() || next.get().id() == previous) {
        return delivered;
      }
      ReviewAction action = next.get();
      previous = action.id();
      int failures = action.delivery().attempts();
      if (failures > 0
          && clock
              .instant()
              .isBefore(action.delivery().lastAttemptAt().plus(backoff.after(failures)))) {
        return delivered;
      }
      String failure = send(action);
      if (Thread.currentThread().isInterrupted()) {
        return delivered; // shutting down: the row stays as it was and is sent again on restart
      }
      Instant at = clock.instant();
      if (failure != null) {
        outbox.recordFailedAttempt(action.id(), at, failure);
        LOG.warn(
            "webhook: review action {} (event {}) attempt {} failed: {}; next in {}",
            action.id(),
            eventId(action),
            failures + 1,
            failure,
            backoff.after(failures + 1));
        return delivered;
      }
      outbox.markDelivered(action.id(), at);
      LOG.info(
          "webhook: review action {} (event {}) delivered on attempt {}",
          action.id(),
          eventId(action),
          failures + 1);
      delivered++;
    }
  }

  /** Posts one action; null on a 2xx answer, else why it failed. */
  private String send(ReviewAction action) {
    byte[] body = body(action);
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("User-Agent", "Vigil-Webhooks/1")
            .header("Vigil-Event-Id", eventId(action))
            .header("Vigil-Timestamp", Long.toString(timestamp))
            .header("Vigil-Signature", WebhookSignature.header(secret, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300 ? null : "HTTP " + status;
    } catch (IOException e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * The event id: {@code rva_} and 32 hex characters of SHA-256 over the account, service, action
   * and rule-set version, which the outbox holds once. It is the same on every retry and does not
   * depend on the outbox id, so a database rebuilt from scratch never reuses an id a receiver has
   * already seen for a different action.
   */
  public static String eventId(ReviewAction action) {
    String key =
        action.accountId()
            + "\n"
            + action.service()
            + "\n"
            + action.action()
            + "\n"
            + action.policyVersion();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "rva_" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The JSON body: identical on every retry (only the timestamp header changes). */
  static byte[] body(ReviewAction action) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("id", eventId(action));
    event.put("type", EVENT_TYPE);
    event.put("sequence", action.id());
    event.put("createdAt", action.createdAt().toString());
    event.put("accountId", action.accountId());
    event.put("country", action.country());
    event.put("service", action.service());
    event.put("action", action.action());
    event.put("rules", action.rules());
    event.put("policyVersion", action.policyVersion());
    try {
      return Json.MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a webhook event", e);
    }
  }
}
