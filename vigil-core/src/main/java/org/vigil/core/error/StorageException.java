package org.vigil.core.error;

/**
 * The storage behind a port failed (database down, connection lost). Storage adapters throw a
 * subclass with the SQL detail left behind; the HTTP layer answers 503 and the CLI prints one line,
 * without knowing which database is underneath.
 */
public class StorageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * True when the database refused a value as longer than its column: the request's fault, not an
   * outage (422, not 503). Validation names the field first; this is the safety net for a field
   * that slipped past it.
   */
  public boolean valueTooLong() {
    return false;
  }
}
