package org.vigil.core.policy;

import org.vigil.core.error.VigilException;

/**
 * A policy document that cannot be used, with the place of the problem: the field (e.g. {@code
 * rules[1].when}) and the 1-based line and column in the document text (0 when unknown).
 */
public final class InvalidPolicyException extends VigilException {

  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  public InvalidPolicyException(String field, int line, int column, String message) {
    super(Kind.INVALID, "invalid_policy", message, field);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
