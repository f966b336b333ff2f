package org.vigil.store;

/**
 * A storage failure, with the SQL detail left behind: callers above vigil-store never see
 * SQLException.
 */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
