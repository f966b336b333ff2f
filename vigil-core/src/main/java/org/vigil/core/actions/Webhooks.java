package org.vigil.core.actions;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.error.VigilException;

/**
 * The webhook use cases, once for every adapter: subscribe, list, unsubscribe, see deliveries and
 * replay one. Every change is audited. A subscription belongs to the caller's tenant and is
 * invisible to every other tenant (answered as not found).
 */
public final class Webhooks {

  /** Most events one subscription may list. */
  public static final int MAX_EVENTS = 32;

  /** Longest URL accepted. */
  public static final int MAX_URL = 2048;

  /** Event names: dot-separated lower-case words, e.g. {@code decision.created}. */
  private static final Pattern EVENT = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final WebhookSubscriptions subscriptions;
  private final Outbox outbox;
  private final AuditLog audit;
  private final Clock clock;

  public Webhooks(WebhookSubscriptions subscriptions, Outbox outbox, AuditLog audit, Clock clock) {
    this.subscriptions = subscriptions;
    this.outbox = outbox;
    this.audit = audit;
    this.clock = clock;
  }

  /** A new subscription with its secret, which is shown this once. */
  public record Created(WebhookSubscription subscription, String secret) {}

  /**
   * Subscribes {@code url} to {@code events} ({@code *} = every event).
   *
   * @param secret the caller's own {@code whsec_} secret, or null to generate one
   * @throws VigilException (invalid, naming the field) for a bad URL, event list or secret
   */
  public Created create(
      String tenant, String actor, String url, List<String> events, String secret) {
    URI uri = validUrl(url);
    List<String> wanted = validEvents(events);
    String chosen = secret == null ? WebhookSecret.generate() : secret;
    if (secret != null) {
      try {
        WebhookSecret.key(secret);
      } catch (IllegalArgumentException e) {
        throw VigilException.invalid("secret", e.getMessage());
      }
    }
    String id = "wh_" + HexFormat.of().formatHex(randomBytes(12));
    WebhookSubscription subscription =
        new WebhookSubscription(id, tenant, uri, wanted, List.of(chosen), clock.instant());
    subscriptions.create(subscription);
    audit.record(
        actor,
        "webhook.create",
        "webhook:" + id,
        Map.of("url", uri.toString(), "events", String.join(",", wanted), "tenant", tenant));
    return new Created(subscription.withoutSecrets(), chosen);
  }

  /** The tenant's subscriptions, secrets left out. */
  public List<WebhookSubscription> list(String tenant) {
    return subscriptions.list(tenant).stream().map(WebhookSubscription::withoutSecrets).toList();
  }

  /**
   * One subscription of the tenant, secrets left out.
   *
   * @throws VigilException not found, also for another tenant's subscription
   */
  public WebhookSubscription get(String tenant, String id) {
    return find(tenant, id).withoutSecrets();
  }

  /**
   * Starts a secret rotation: {@code secret} (or a generated one) signs from now on, beside the
   * current one, so receivers holding either accept every request until {@link
   * #dropPreviousSecrets} ends the rotation. Returns the new secret, shown this once.
   *
   * @throws VigilException not found; conflict for the {@code VIGIL_WEBHOOK_URL} subscription,
   *     whose secret lives in its file
   */
  public String rotateSecret(String tenant, String actor, String id, String secret) {
    WebhookSubscription current = find(tenant, id);
    if (current.id().equals(WebhookSubscriptions.CONFIGURED_ID)) {
      throw VigilException.conflict(
          "secret_in_file",
          "the secret of " + id + " is the file VIGIL_WEBHOOK_SECRET_FILE; change it there");
    }
    String chosen = secret == null ? WebhookSecret.generate() : secret;
    if (secret != null) {
      try {
        WebhookSecret.key(secret);
      } catch (IllegalArgumentException e) {
        throw VigilException.invalid("secret", e.getMessage());
      }
    }
    List<String> secrets = new ArrayList<>();
    secrets.add(chosen);
    if (!current.secrets().isEmpty()) {
      secrets.add(current.secrets().get(0)); // one rotation at a time: older ones are dropped
    }
    subscriptions.setSecrets(tenant, id, secrets);
    audit.record(actor, "webhook.rotate", "webhook:" + id, Map.of("tenant", tenant));
    return chosen;
  }

  /** Ends a rotation: only the newest secret signs from now on. */
  public void dropPreviousSecrets(String tenant, String actor, String id) {
    WebhookSubscription current = find(tenant, id);
    if (current.secrets().size() > 1) {
      subscriptions.setSecrets(tenant, id, List.of(current.secrets().get(0)));
    }
    audit.record(actor, "webhook.rotate_end", "webhook:" + id, Map.of("tenant", tenant));
  }

  /** Unsubscribes; its pending deliveries become dead, so they stay visible. */
  public void delete(String tenant, String actor, String id) {
    if (!subscriptions.delete(tenant, id, clock.instant())) {
      throw VigilException.notFound("webhook", id);
    }
    audit.record(actor, "webhook.delete", "webhook:" + id, Map.of("tenant", tenant));
  }

  /**
   * The subscription's deliveries in {@code state} (null = all), newest first, before the delivery
   * id {@code before} (null = from the newest).
   */
  public List<Delivery> deliveries(
      String tenant, String id, DeliveryState state, String before, int limit) {
    find(tenant, id);
    if (limit < 1 || limit > Outbox.MAX_CLAIM) {
      throw VigilException.invalid("limit", "limit must be 1 to " + Outbox.MAX_CLAIM);
    }
    return outbox.deliveries(id, state, before, limit);
  }

  /**
   * Sends a dead (or delivered) delivery again, with the same id, attempts counted from zero.
   *
   * @throws VigilException not found for an unknown delivery; conflict when it is still pending
   */
  public Delivery replay(String tenant, String actor, String id, String deliveryId) {
    find(tenant, id);
    Optional<Delivery> delivery = outbox.delivery(id, deliveryId);
    if (delivery.isEmpty()) {
      throw VigilException.notFound("delivery", deliveryId);
    }
    if (!outbox.replay(id, deliveryId, clock.instant())) {
      throw VigilException.conflict(
          "delivery_pending", "delivery '" + deliveryId + "' is still pending; it will be retried");
    }
    audit.record(
        actor,
        "webhook.replay",
        "webhook:" + id,
        Map.of("delivery", deliveryId, "event", delivery.get().message().id(), "tenant", tenant));
    return outbox.delivery(id, deliveryId).orElseThrow();
  }

  private WebhookSubscription find(String tenant, String id) {
    return subscriptions.find(tenant, id).orElseThrow(() -> VigilException.notFound("webhook", id));
  }

  /** An absolute http or https URL with a host, as a receiver's endpoint must be. */
  static URI validUrl(String url) {
    if (url == null || url.isBlank()) {
      throw VigilException.invalid("url", "url is required");
    }
    if (url.length() > MAX_URL) {
      throw VigilException.invalid("url", "url is longer than " + MAX_URL + " characters");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw VigilException.invalid("url", "url is not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw VigilException.invalid(
          "url",
          "url must be http:// or https://, got '" + (scheme.isEmpty() ? url : scheme) + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw VigilException.invalid("url", "url must name a host");
    }
    if (uri.getUserInfo() != null) {
      throw VigilException.invalid("url", "url must not carry a user name or password");
    }
    if (uri.getFragment() != null) {
      throw VigilException.invalid("url", "url must not have a #fragment");
    }
    return uri;
  }

  static List<String> validEvents(List<String> events) {
    if (events == null || events.isEmpty()) {
      throw VigilException.invalid(
          "events", "events must list at least one event type, or [\"*\"] for all");
    }
    if (events.size() > MAX_EVENTS) {
      throw VigilException.invalid("events", "at most " + MAX_EVENTS + " events");
    }
    List<String> out = new ArrayList<>();
    for (String event : new LinkedHashSet<>(events)) {
      if (event == null
          || event.length() > OutboxMessage.MAX_ID
          || !(event.equals(WebhookSubscription.ALL_EVENTS) || EVENT.matcher(event).matches())) {
        throw VigilException.invalid(
            "events",
            "event '"
                + event
                + "' is not an event type (lower-case words joined by dots, e.g."
                + " decision.created) or *");
      }
      out.add(event);
    }
    return out.contains(WebhookSubscription.ALL_EVENTS)
        ? List.of(WebhookSubscription.ALL_EVENTS)
        : List.copyOf(out);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
