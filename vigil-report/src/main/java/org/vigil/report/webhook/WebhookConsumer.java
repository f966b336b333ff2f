package org.vigil.report.webhook;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.vigil.core.actions.Delivery;
import org.vigil.core.actions.WebhookSecret;
import org.vigil.core.actions.WebhookSubscription;
import org.vigil.core.actions.WebhookSubscriptions;
import org.vigil.report.Attempt;
import org.vigil.report.OutboxConsumer;

/**
 * Sends deliveries to webhook endpoints as Standard Webhooks 1.0 requests: a POST of the message's
 * JSON with {@code webhook-id} (the message id, the same on every retry and replay, for receivers
 * to de-duplicate by), {@code webhook-timestamp} (this attempt's time in Unix seconds) and {@code
 * webhook-signature}. A 2xx answer accepts the delivery; 410 Gone rejects it for good (the spec's
 * signal that the endpoint is gone); anything else, or no answer, is a failed attempt.
 *
 * <p>Redirects are not followed: a 3xx is a failed attempt, so a signed body never goes to a host
 * the subscriber did not name.
 */
public final class WebhookConsumer implements OutboxConsumer {

  private final WebhookSubscriptions subscriptions;
  private final Map<String, ConfiguredEndpoint> configured;
  private final Clock clock;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param configured subscriptions whose key comes from configuration, by subscription id
   * @param timeout the longest a request may take, connection included
   */
  public WebhookConsumer(
      WebhookSubscriptions subscriptions,
      Map<String, ConfiguredEndpoint> configured,
      Clock clock,
      Duration timeout) {
    if (subscriptions == null || configured == null || clock == null || timeout == null) {
      throw new IllegalArgumentException(
          "subscriptions, configured, clock and timeout are required");
    }
    this.subscriptions = subscriptions;
    this.configured = Map.copyOf(configured);
    this.clock = clock;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return WebhookSubscriptions.CONSUMER;
  }

  @Override
  public CompletableFuture<Attempt> send(Delivery delivery) {
    Optional<WebhookSubscription> found = subscriptions.find(delivery.subscriptionId());
    if (found.isEmpty()) {
      return done(Attempt.rejected("subscription deleted"));
    }
    WebhookSubscription subscription = found.get();
    ConfiguredEndpoint fromConfig = configured.get(subscription.id());
    List<byte[]> keys = new ArrayList<>();
    if (fromConfig != null) {
      keys.add(fromConfig.key());
    } else {
      for (String secret : subscription.secrets()) {
        keys.add(WebhookSecret.key(secret));
      }
    }
    if (keys.isEmpty()) {
      return done(Attempt.failed("no signing secret is configured for " + subscription.id()));
    }
    String id = delivery.message().id();
    byte[] body = delivery.message().payloadJson().getBytes(StandardCharsets.UTF_8);
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(subscription.url())
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Vigil-Webhooks/1")
            .header(StandardWebhooks.ID, id)
            .header(StandardWebhooks.TIMESTAMP, Long.toString(timestamp))
            .header(StandardWebhooks.SIGNATURE, StandardWebhooks.header(keys, id, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (fromConfig != null) {
      request
          .header(StandardWebhooks.LEGACY_ID, id)
          .header(StandardWebhooks.LEGACY_TIMESTAMP, Long.toString(timestamp))
          .header(
              StandardWebhooks.LEGACY_SIGNATURE,
              StandardWebhooks.legacySignature(keys.get(0), timestamp, body));
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, error) -> {
              if (error != null) {
                Throwable cause =
                    error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
                return Attempt.failed(
                    cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
              }
              int status = response.statusCode();
              if (status >= 200 && status < 300) {
                return Attempt.accepted();
              }
              if (status == 410) {
                return Attempt.rejected("HTTP 410 Gone: the receiver retired this endpoint");
              }
              return Attempt.failed("HTTP " + status);
            });
  }

  private static CompletableFuture<Attempt> done(Attempt attempt) {
    return CompletableFuture.completedFuture(attempt);
  }
}
