package org.vigil.core.auth;

import java.time.Instant;

/**
 * A person who logs in to the console.
 *
 * @param passwordHash Argon2id PHC string
 * @param mustChangePassword true until the person replaces the one-time password
 */
public record ConsoleUser(
    String name,
    String tenant,
    ConsoleRole role,
    String passwordHash,
    boolean mustChangePassword,
    Instant createdAt,
    Instant disabledAt) {

  /** The audit log's name for this person; also how cases record who decided. */
  public String actor() {
    return "user:" + name;
  }
}
