package org.vigil.store;

import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/** Runs a storage call and turns any JDBC or Jdbi failure into a {@link StoreException}. */
final class Sql {

  private Sql() {}

  static <T> T get(Supplier<T> call) {
    try {
      return call.get();
    } catch (JdbiException e) {
      throw new StoreException("database call failed: " + e.getMessage(), e);
    }
  }

  static void run(Runnable call) {
    try {
      call.run();
    } catch (JdbiException e) {
      throw new StoreException("database call failed: " + e.getMessage(), e);
    }
  }
}
