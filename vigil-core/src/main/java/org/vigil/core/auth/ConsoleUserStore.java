package org.vigil.core.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage port for console users and their sessions. */
public interface ConsoleUserStore {

  /**
   * @return false when the name is taken
   */
  boolean insert(ConsoleUser user);

  Optional<ConsoleUser> find(String name);

  List<ConsoleUser> list();

  void updatePassword(String name, String passwordHash, boolean mustChange);

  void insertSession(
      String tokenHash, String userName, String csrfToken, Instant at, Instant until);

  /** The live session, with its user, if any. */
  Optional<ConsoleSession> session(String tokenHash, Instant now);

  void deleteSession(String tokenHash);
}
