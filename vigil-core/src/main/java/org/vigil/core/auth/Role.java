package org.vigil.core.auth;

import java.util.Locale;

/**
 * What an API key may do. Roles are flat, not a hierarchy: an endpoint lists every role it admits,
 * so reading the route table shows exactly who can call what.
 */
public enum Role {
  /** Manages banks and keys. */
  ADMIN,
  /** A platform's backend: scans content, asks for decisions. */
  PLATFORM,
  /** A human reviewer working queues. */
  MODERATOR,
  /** Read-only access to decisions and the audit trail. */
  AUDITOR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code admin}, {@code platform}, {@code moderator} or {@code auditor}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Role fromWire(String value) {
    for (Role role : values()) {
      if (role.wireName().equals(value)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + value + "'; expected admin, platform, moderator or auditor");
  }
}
