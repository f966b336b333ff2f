package org.vigil.core.banks.exchanges;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a fetch or a report failed, in words an operator can act on; stored as the exchange's last
 * error. Messages never contain credentials.
 */
public class ExchangeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The kind of failure. */
  public enum Kind {
    /** The exchange refused our credentials (HTTP 401/403): fix them, retrying will not help. */
    AUTHENTICATION,
    /** The exchange asked us to slow down (HTTP 429), for {@link #retryAfter()} if it said. */
    THROTTLED,
    /** The exchange could not be reached, or answered with a server error. */
    UNAVAILABLE,
    /** The answer does not follow the exchange's protocol. */
    PROTOCOL,
    /** The exchange's configuration is unusable (missing credentials, a bad option). */
    CONFIGURATION
  }

  private final Kind kind;
  private final transient Duration retryAfter;

  public ExchangeException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public ExchangeException(Kind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** How long the exchange asked us to wait, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
