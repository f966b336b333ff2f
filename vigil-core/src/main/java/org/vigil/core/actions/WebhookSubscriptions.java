package org.vigil.core.actions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stored webhook subscriptions. A subscription is also an outbox subscriber of the {@code webhook}
 * consumer: from its creation on, every message of its tenant with a topic it wants gets a delivery
 * to it.
 */
public interface WebhookSubscriptions {

  /** The outbox consumer name of webhook deliveries. */
  String CONSUMER = "webhook";

  /** The id of the subscription configured with {@code VIGIL_WEBHOOK_URL}. */
  String CONFIGURED_ID = "wh_configured";

  /** Stores a new subscription. */
  void create(WebhookSubscription subscription);

  /**
   * Creates, updates or revives the subscription with {@code subscription.id()} (the one configured
   * with {@code VIGIL_WEBHOOK_URL}); its secrets are not stored, they stay in their file. When it
   * was not live before, it also gets a delivery for every stored message it wants and has none
   * for, as the first webhook worker sent every undelivered action once a URL was set.
   */
  void putConfigured(WebhookSubscription subscription);

  /**
   * Replaces the signing secrets of a live subscription of {@code tenant} (newest first).
   *
   * @return false when there is no such subscription
   */
  boolean setSecrets(String tenant, String id, List<String> secrets);

  /** A live subscription of {@code tenant}. */
  Optional<WebhookSubscription> find(String tenant, String id);

  /** A live subscription by id alone, for the delivery worker. */
  Optional<WebhookSubscription> find(String id);

  /** The live subscriptions of {@code tenant}, oldest first. */
  List<WebhookSubscription> list(String tenant);

  /**
   * Deletes a subscription: no new deliveries go to it, and its pending ones become dead (so they
   * stay visible).
   *
   * @return false when {@code tenant} has no such live subscription
   */
  boolean delete(String tenant, String id, Instant at);
}
