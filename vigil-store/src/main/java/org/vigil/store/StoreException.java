package org.vigil.store;

import java.sql.SQLException;
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

  /** SQLSTATE 22001 (string data right truncation), the same on PostgreSQL and H2. */
  @Override
  public boolean valueTooLong() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "22001".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
