package org.vigil.core.catalogue;

import org.vigil.core.json.WireNames;

/**
 * Kinds of online service where minors are present. Court orders name these as their scope; the
 * service catalogue assigns each known service to one; platforms state theirs in decide calls.
 */
public enum ServiceCategory {
  SOCIAL_NETWORK,
  MESSAGING,
  VIDEO_SHARING,
  GAMING_CHAT,
  FORUM,
  LIVE_STREAMING;

  /** The wire name, e.g. {@code social_network}. */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException listing the accepted names
   */
  public static ServiceCategory fromWire(String value) {
    for (ServiceCategory category : values()) {
      if (category.wireName().equals(value)) {
        return category;
      }
    }
    throw new IllegalArgumentException(
        "unknown service category '"
            + value
            + "'; expected one of social_network, messaging, video_sharing, gaming_chat, forum,"
            + " live_streaming");
  }
}
