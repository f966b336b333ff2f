package org.vigil.core.minors;

import java.time.Instant;

/**
 * Where webhook delivery of one review action stands, shown with the action so an operator can see
 * every attempt's outcome without reading logs.
 *
 * @param attempts delivery attempts made so far (successful one included)
 * @param lastAttemptAt when the last attempt ended; null before the first
 * @param lastError why the last attempt failed ({@code HTTP 500}, a connection error); null after a
 *     success or before the first attempt
 * @param deliveredAt when a receiver answered 2xx; null while undelivered
 */
public record DeliveryStatus(
    int attempts, Instant lastAttemptAt, String lastError, Instant deliveredAt) {

  public static final DeliveryStatus NEW = new DeliveryStatus(0, null, null, null);

  public DeliveryStatus {
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
  }
}
