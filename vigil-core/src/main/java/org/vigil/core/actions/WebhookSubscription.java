package org.vigil.core.actions;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A platform's endpoint that receives the events it subscribed to, signed per Standard Webhooks
 * 1.0.
 *
 * @param id {@code wh_…}
 * @param tenant the tenant whose events it receives
 * @param url where events are POSTed (http or https)
 * @param events the event types it wants; {@code *} for all
 * @param secrets signing secrets ({@code whsec_…}), newest first; more than one during a rotation,
 *     and then every request carries one signature per secret
 * @param createdAt when it was created
 */
public record WebhookSubscription(
    String id,
    String tenant,
    URI url,
    List<String> events,
    List<String> secrets,
    Instant createdAt) {

  /** The event list that matches every event. */
  public static final String ALL_EVENTS = "*";

  public WebhookSubscription {
    if (id == null || tenant == null || url == null || createdAt == null) {
      throw new IllegalArgumentException("id, tenant, url and createdAt are required");
    }
    events = List.copyOf(events);
    secrets = List.copyOf(secrets);
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a subscription needs at least one event");
    }
  }

  /** Whether an event of type {@code topic} goes to this subscription. */
  public boolean wants(String topic) {
    return events.contains(ALL_EVENTS) || events.contains(topic);
  }

  /** This subscription as shown after creation: the secrets are never shown again. */
  public WebhookSubscription withoutSecrets() {
    return new WebhookSubscription(id, tenant, url, events, List.of(), createdAt);
  }
}
