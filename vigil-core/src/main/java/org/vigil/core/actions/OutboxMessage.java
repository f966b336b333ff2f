package org.vigil.core.actions;

import java.time.Instant;

/**
 * One event that leaves Vigil (a webhook today; a report to an authority or a vote to a hash
 * exchange later), as written to the outbox in the same transaction as whatever caused it.
 *
 * @param id stable id; also the {@code webhook-id} every delivery of it carries, so receivers can
 *     de-duplicate. Enqueueing the same id twice stores it once.
 * @param tenant the tenant whose subscribers receive it
 * @param topic the event type, e.g. {@code decision.created}, {@code minors.review_action}
 * @param subject what it is about (content id, account id, case id); may be null
 * @param payloadJson the JSON body sent as is
 * @param createdAt when the cause happened
 */
public record OutboxMessage(
    String id, String tenant, String topic, String subject, String payloadJson, Instant createdAt) {

  /** Longest id, tenant and topic the store keeps. */
  public static final int MAX_ID = 64;

  public OutboxMessage {
    require(id, "id");
    require(tenant, "tenant");
    require(topic, "topic");
    if (payloadJson == null || payloadJson.isBlank()) {
      throw new IllegalArgumentException("payloadJson must not be empty");
    }
    if (createdAt == null) {
      throw new IllegalArgumentException("createdAt must be set");
    }
    if (subject != null && subject.length() > 256) {
      throw new IllegalArgumentException("subject must be at most 256 characters");
    }
  }

  private static void require(String value, String name) {
    if (value == null || value.isBlank() || value.length() > MAX_ID) {
      throw new IllegalArgumentException(name + " must be 1 to " + MAX_ID + " characters");
    }
  }
}
