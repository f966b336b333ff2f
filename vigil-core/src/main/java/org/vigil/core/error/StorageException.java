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
}
