package org.vigil.core.actions;

import java.time.Instant;
import java.util.List;

/**
 * Subscribers of outbox consumers other than webhooks (which have {@link WebhookSubscriptions}):
 * e.g. the DSA Transparency Database consumer subscribes its tenant to {@code statement.created}.
 * From the subscription on, every message of the tenant with one of the topics gets a delivery.
 */
public interface OutboxSubscribers {

  /**
   * Creates the subscription {@code id} of {@code consumer} for {@code tenant} and {@code topics},
   * or brings an existing one to exactly that (undeleting it). Idempotent: every start calls it.
   */
  void ensure(String id, String tenant, String consumer, List<String> topics, Instant at);
}
