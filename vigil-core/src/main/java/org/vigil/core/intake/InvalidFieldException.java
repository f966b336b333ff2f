package org.vigil.core.intake;

import org.vigil.core.error.VigilException;

/**
 * A decide or account request value that cannot be used, naming the field (a dotted path such as
 * {@code actor.ageSignals[1].maxAge}); adapters answer it as 422 {@code invalid_field}.
 */
public final class InvalidFieldException extends VigilException {
  private static final long serialVersionUID = 1L;

  public InvalidFieldException(String field, String message) {
    super(Kind.INVALID, "invalid_field", message, field);
  }
}
