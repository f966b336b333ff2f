package org.vigil.core.actions;

import java.time.Instant;
import java.util.List;

/**
 * Subscribers of outbox consumers other than webhooks (which have {@link WebhookSubscriptions}):
 * e.g. the DSA Transparency Database consumer subscribes its tenant to {@code statement.created}.
 * From the subscription on, every message of the tenant with one of the topics gets a delivery.
 */
public interface OutboxSubscribers {

  /** The longest subscription id (the outbox tables' column). */
  int MAX_ID = 40;

  /**
   * A consumer's subscription id for {@code tenant}: {@code prefix + tenant}, or, when that is
   * longer than {@link #MAX_ID} (tenant names reach 64 characters), {@code prefix} and the start of
   * the hex SHA-256 of the tenant's name, so each tenant keeps its own id.
   */
  static String idFor(String prefix, String tenant) {
    String plain = prefix + tenant;
    if (plain.length() <= MAX_ID) {
      return plain;
    }
    try {
      String hex =
          java.util.HexFormat.of()
              .formatHex(
                  java.security.MessageDigest.getInstance("SHA-256")
                      .digest(tenant.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      return prefix + hex.substring(0, MAX_ID - prefix.length());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Creates the subscription {@code id} of {@code consumer} for {@code tenant} and {@code topics},
   * or brings an existing one to exactly that (undeleting it). Idempotent: every start calls it.
   *
   * @return true when the subscription was created (it did not exist, not even deleted)
   */
  boolean ensure(String id, String tenant, String consumer, List<String> topics, Instant at);
}
