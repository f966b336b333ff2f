package org.vigil.core.courtorders;

/**
 * Input a court-order operation refuses, naming the offending field (e.g. {@code
 * subject.phones[2]}) so the caller can correct it. The HTTP layer maps it to 422 with {@code
 * field} set.
 */
public final class CourtOrderValidationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public CourtOrderValidationException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The JSON path of the refused value. */
  public String field() {
    return field;
  }
}
