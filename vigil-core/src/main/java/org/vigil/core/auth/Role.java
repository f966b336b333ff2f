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
  AUDITOR,
  /**
   * A trust and safety specialist trained for abuse material: reads preserved evidence and confirms
   * reports to authorities. No other role but admin may see evidence.
   */
  SPECIALIST,
  /**
   * An internet provider's RADIUS bridge: reports which address each subscriber line uses, and
   * nothing else. Its own role because a false report can lift a court-ordered DNS restriction.
   */
  PROVIDER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a role's wire name ({@code admin}, {@code platform}, ...).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Role fromWire(String value) {
    for (Role role : values()) {
      if (role.wireName().equals(value)) {
        return role;
      }
    }
    StringBuilder expected = new StringBuilder();
    for (Role role : values()) {
      expected.append(expected.length() == 0 ? "" : ", ").append(role.wireName());
    }
    throw new IllegalArgumentException("unknown role '" + value + "'; expected " + expected);
  }
}
