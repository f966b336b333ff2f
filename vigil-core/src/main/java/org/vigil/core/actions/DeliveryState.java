package org.vigil.core.actions;

import java.util.Locale;

/** Where one delivery of an outbox message to one subscriber stands. */
public enum DeliveryState {
  /** Not yet accepted; attempted again at its next attempt time. */
  PENDING,
  /** The receiver accepted it. */
  DELIVERED,
  /** Given up after the configured number of attempts; waits for a replay. */
  DEAD;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code pending}, {@code delivered} or {@code dead}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static DeliveryState fromWire(String value) {
    for (DeliveryState state : values()) {
      if (state.wireName().equals(value)) {
        return state;
      }
    }
    throw new IllegalArgumentException(
        "unknown delivery state '" + value + "'; expected pending, delivered or dead");
  }
}
