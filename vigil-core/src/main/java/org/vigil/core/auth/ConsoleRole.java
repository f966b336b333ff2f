package org.vigil.core.auth;

import java.util.Locale;

/**
 * What a person may do in the moderator console. Specialists are moderators trained and supported
 * for child sexual abuse material: only they may see media in the {@code csam} category.
 */
public enum ConsoleRole {
  MODERATOR,
  SPECIALIST,
  ADMIN,
  AUDITOR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean canDecide() {
    return this != AUDITOR;
  }

  public boolean canViewCsamMedia() {
    return this == SPECIALIST;
  }

  /** Whether a CyberTipline report may be confirmed (the API's rule: specialists and admins). */
  public boolean canConfirmReports() {
    return this == SPECIALIST || this == ADMIN;
  }

  /** Whether a CyberTipline report may be asked for (the API's rule: specialists and admins). */
  public boolean canRequestReports() {
    return this == SPECIALIST || this == ADMIN;
  }

  public boolean canReadAudit() {
    return this == AUDITOR || this == ADMIN;
  }

  /** The role named {@code wire}, or null. */
  public static ConsoleRole fromWire(String wire) {
    for (ConsoleRole role : values()) {
      if (role.wireName().equals(wire)) {
        return role;
      }
    }
    return null;
  }
}
