package org.vigil.store;

import org.vigil.core.error.StorageException;

/**
 * A storage failure, with the SQL detail left behind: callers above vigil-store never see
 * SQLException (and need only the core type {@link StorageException}).
 */
public final class StoreException extends StorageException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
