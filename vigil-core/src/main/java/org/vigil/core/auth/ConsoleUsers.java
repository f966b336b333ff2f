package org.vigil.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.error.VigilException;

/**
 * People of the moderator console: created with a one-time password (shown once, to be replaced at
 * the first login), logged in to sessions that expire. Every login, failed login and logout is
 * audited.
 */
public final class ConsoleUsers {

  /** How long a session lasts. */
  public static final Duration SESSION = Duration.ofHours(12);

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,62}");
  private static final int MIN_PASSWORD = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ConsoleUserStore store;
  private final PasswordHasher hasher;
  private final AuditLog audit;
  private final Clock clock;
  private final String dummyHash;

  public ConsoleUsers(ConsoleUserStore store, PasswordHasher hasher, AuditLog audit, Clock clock) {
    this.store = store;
    this.hasher = hasher;
    this.audit = audit;
    this.clock = clock;
    // Verified against when the name is unknown, so a login takes as long either way.
    this.dummyHash = hasher.hash(token(12));
  }

  /** A created user and the one-time password to hand over (never stored). */
  public record Created(ConsoleUser user, String password) {}

  /** A new session: the cookie value and the session. */
  public record Login(String token, ConsoleSession session) {}

  public Created create(String name, String role, String tenant, String actor) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw VigilException.invalid(
          "name", "name must be 2-63 characters of a-z, 0-9, '.', '_' or '-', starting alnum");
    }
    ConsoleRole consoleRole = ConsoleRole.fromWire(role);
    if (consoleRole == null) {
      throw VigilException.invalid(
          "role", "role must be moderator, specialist, admin or auditor; got '" + role + "'");
    }
    String password = token(15);
    ConsoleUser user =
        new ConsoleUser(
            name, tenant, consoleRole, hasher.hash(password), true, clock.instant(), null);
    if (!store.insert(user)) {
      throw VigilException.conflict("name_taken", "a console user named '" + name + "' exists");
    }
    audit.record(actor, "console.user.create", "user:" + name, Map.of("role", role));
    return new Created(user, password);
  }

  public java.util.List<ConsoleUser> list() {
    return store.list();
  }

  /** A session for the right name and password; empty (and audited) otherwise. */
  public Optional<Login> login(String name, String password) {
    Optional<ConsoleUser> user =
        name == null ? Optional.empty() : store.find(name).filter(u -> u.disabledAt() == null);
    boolean ok = hasher.verify(password, user.map(ConsoleUser::passwordHash).orElse(dummyHash));
    if (user.isEmpty() || !ok) {
      audit.record(
          "anonymous",
          "console.login.failed",
          "user:" + (name == null ? "" : name.length() > 64 ? name.substring(0, 64) : name),
          Map.of());
      return Optional.empty();
    }
    Instant now = clock.instant();
    String token = token(32);
    String csrf = token(32);
    store.insertSession(sha256(token), user.get().name(), csrf, now, now.plus(SESSION));
    audit.record(user.get().actor(), "console.login", "user:" + user.get().name(), Map.of());
    return Optional.of(
        new Login(
            token, new ConsoleSession(sha256(token), user.get(), csrf, now, now.plus(SESSION))));
  }

  /** The live session the cookie names. */
  public Optional<ConsoleSession> session(String token) {
    if (token == null || token.isBlank() || token.length() > 100) {
      return Optional.empty();
    }
    return store.session(sha256(token), clock.instant()).filter(s -> s.user().disabledAt() == null);
  }

  public void logout(ConsoleSession session) {
    store.deleteSession(session.tokenHash());
    audit.record(
        session.user().actor(), "console.logout", "user:" + session.user().name(), Map.of());
  }

  /** Replaces the password (the one-time one, or an old one). */
  public void changePassword(ConsoleUser user, String current, String replacement) {
    if (!hasher.verify(current, user.passwordHash())) {
      throw VigilException.invalid("current", "the current password is wrong");
    }
    if (replacement == null || replacement.length() < MIN_PASSWORD) {
      throw VigilException.invalid(
          "password", "the new password must be at least " + MIN_PASSWORD + " characters");
    }
    if (replacement.equals(current)) {
      throw VigilException.invalid("password", "the new password must differ from the old one");
    }
    store.updatePassword(user.name(), hasher.hash(replacement), false);
    audit.record(user.actor(), "console.password.change", "user:" + user.name(), Map.of());
  }

  static String token(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
