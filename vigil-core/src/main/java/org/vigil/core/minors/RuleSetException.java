package org.vigil.core.minors;

/** A rule file that cannot be used, with the file and the path of the problem in the message. */
public final class RuleSetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RuleSetException(String message, Throwable cause) {
    super(message, cause);
  }
}
