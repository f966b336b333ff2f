package org.vigil.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.jdbi.v3.core.Jdbi;

/**
 * The system of record: a pooled connection to PostgreSQL, migrated to the current schema on open.
 * By default the server is the embedded one Vigil runs itself under the data directory ({@link
 * EmbeddedPostgresServer}); in production an external server named by a JDBC URL. Both are the same
 * engine, so there is one SQL dialect and one code path above this class.
 */
public final class Database implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final String url;
  private final EmbeddedPostgresServer embedded;
  private GroupCommitter groupCommitter;

  private Database(HikariDataSource dataSource, String url, EmbeddedPostgresServer embedded) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.url = url;
    this.embedded = embedded;
  }

  /** True when {@code dataDir} holds an embedded database (made by an earlier start). */
  public static boolean embeddedExists(Path dataDir) {
    return java.nio.file.Files.isDirectory(dataDir.resolve("pg"));
  }

  /**
   * The embedded default: starts (or joins) the PostgreSQL server under {@code dataDir/pg} and
   * opens it. Closing the database stops the server when no other process uses it.
   */
  public static Database openEmbedded(Path dataDir) {
    Path h2 = dataDir.resolve("vigil.mv.db");
    if (java.nio.file.Files.exists(h2)
        && !java.nio.file.Files.exists(dataDir.resolve("pg/PG_VERSION"))) {
      // H2 was the embedded store before PostgreSQL; it could lose answered writes on a crash.
      throw new StoreException(
          h2
              + " is an H2 database from an earlier Vigil, which now stores in embedded"
              + " PostgreSQL: export what you need with the earlier version (banks, keys), move"
              + " the file away, and start again (docs/store.md, 'Upgrading from H2')",
          null);
    }
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
    try {
      return open(server.jdbcUrl(), server.user(), server.password(), server);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Opens and migrates the database at {@code jdbcUrl}.
   *
   * @param user null when the URL carries the credentials (or none are needed)
   * @throws StoreException when the database cannot be reached or migrated
   */
  public static Database open(String jdbcUrl, String user, String password) {
    return open(jdbcUrl, user, password, null);
  }

  private static Database open(
      String jdbcUrl, String user, String password, EmbeddedPostgresServer embedded) {
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new StoreException(
          "unsupported database URL (expected jdbc:postgresql://...): " + redact(jdbcUrl), null);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
      config.setPassword(password);
    }
    config.setPoolName("vigil");
    config.setMaximumPoolSize(16);
    config.setConnectionTimeout(10_000);
    config.setInitializationFailTimeout(10_000);
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("cannot connect to " + redact(jdbcUrl) + ": " + rootMessage(e), e);
    }
    try {
      migrate(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw new StoreException("cannot migrate " + redact(jdbcUrl) + ": " + rootMessage(e), e);
    }
    return new Database(dataSource, jdbcUrl, embedded);
  }

  /**
   * Opens {@code jdbcUrl} without migrating it (for {@link Backups#restore}, which migrates in two
   * steps around loading the data).
   */
  static Database openUnmigrated(String jdbcUrl, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
      config.setPassword(password);
    }
    config.setPoolName("vigil-restore");
    config.setMaximumPoolSize(2);
    try {
      return new Database(new HikariDataSource(config), jdbcUrl, null);
    } catch (RuntimeException e) {
      throw new StoreException("cannot connect to " + redact(jdbcUrl) + ": " + rootMessage(e), e);
    }
  }

  static void migrate(DataSource dataSource) {
    Flyway flyway = flyway(dataSource);
    // Read once: each read scans the migrations on the class path and the history table.
    MigrationInfoService info = flyway.info();
    refuseNewerSchema(info);
    forgetFailedRuns(info, dataSource);
    for (MigrateOutput applied : flyway.migrate().migrations) {
      MIGRATIONS.info(
          "database: applied migration V{} {} ({} ms)",
          applied.version,
          applied.description,
          applied.executionTime);
    }
  }

  /**
   * A migration that runs outside a transaction (V190, which builds indexes CONCURRENTLY) and fails
   * half way is recorded as failed, and Flyway then refuses every later start until its history is
   * repaired by hand. Such migrations here are written to run again (each first drops what a failed
   * run left), and every other one runs in a transaction that PostgreSQL rolls back whole, leaving
   * no record. So a failed record is forgotten, with a warning, and the migration runs again.
   */
  private static void forgetFailedRuns(MigrationInfoService info, DataSource dataSource) {
    for (MigrationInfo migration : info.all()) {
      if (migration.getState() != MigrationState.FAILED) {
        continue;
      }
      MIGRATIONS.warn(
          "database: migration V{} {} failed at an earlier start; running it again",
          migration.getVersion(),
          migration.getDescription());
      try (Connection connection = dataSource.getConnection();
          PreparedStatement forget =
              connection.prepareStatement(
                  "DELETE FROM flyway_schema_history WHERE version = ? AND NOT success")) {
        forget.setString(1, migration.getVersion().getVersion());
        forget.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException("cannot clear the failed migration V" + migration.getVersion(), e);
      }
    }
  }

  private static final org.slf4j.Logger MIGRATIONS =
      org.slf4j.LoggerFactory.getLogger(Database.class);

  /**
   * Each area of the code owns a range of migration numbers (see vigil-store's migration folder),
   * so a release can bring V80 after a database already holds V90: out-of-order migrations are
   * applied, not refused. Ordering inside one area still follows its numbers.
   */
  static Flyway flyway(DataSource dataSource) {
    return flywayConfiguration(dataSource).load();
  }

  /**
   * Flyway's settings for Vigil's migrations, for {@link #flyway} and for restores to a version.
   */
  static FluentConfiguration flywayConfiguration(DataSource dataSource) {
    FluentConfiguration configuration =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .loggers("slf4j")
            .outOfOrder(true);
    // A session advisory lock instead of one held in a transaction for the whole run, which
    // would make CREATE INDEX CONCURRENTLY (V190) wait for that transaction forever.
    configuration
        .getConfigurationExtension(PostgreSQLConfigurationExtension.class)
        .setTransactionalLock(false);
    return configuration;
  }

  /**
   * A database migrated by a newer Vigil (after a rollback of the binary) is refused before
   * anything touches it: this binary does not know the newer schema and could corrupt it.
   */
  private static void refuseNewerSchema(MigrationInfoService info) {
    for (MigrationInfo migration : info.all()) {
      if (migration.getState() == MigrationState.FUTURE_SUCCESS
          || migration.getState() == MigrationState.FUTURE_FAILED) {
        throw new StoreException(
            "the database schema is at version "
                + info.current().getVersion()
                + ", newer than this Vigil knows (up to "
                + latestKnown(info)
                + "); run the newer Vigil, or restore the backup taken before the upgrade",
            null);
      }
    }
  }

  private static String latestKnown(MigrationInfoService info) {
    String latest = "none";
    for (MigrationInfo migration : info.all()) {
      if (migration.getState() != MigrationState.FUTURE_SUCCESS
          && migration.getState() != MigrationState.FUTURE_FAILED
          && migration.getVersion() != null) {
        latest = migration.getVersion().toString();
      }
    }
    return latest;
  }

  /**
   * Where a database's schema stands against this binary (for {@code vigil store status}).
   *
   * @param current the applied version, {@code none} for an empty database
   * @param latestKnown the newest migration this binary carries
   * @param pending migrations this binary would apply at the next start, in order ("V70 outbox
   *     metrics")
   * @param newer true when the database was migrated by a newer Vigil, which this binary refuses
   */
  public record SchemaStatus(
      String current, String latestKnown, java.util.List<String> pending, boolean newer) {
    public SchemaStatus {
      pending = java.util.List.copyOf(pending);
    }
  }

  public SchemaStatus schemaStatus() {
    return schemaStatus(dataSource);
  }

  private static SchemaStatus schemaStatus(DataSource dataSource) {
    MigrationInfoService info = flyway(dataSource).info();
    MigrationInfo current = info.current();
    boolean newer = false;
    for (MigrationInfo migration : info.all()) {
      newer |=
          migration.getState() == MigrationState.FUTURE_SUCCESS
              || migration.getState() == MigrationState.FUTURE_FAILED;
    }
    java.util.List<String> pending = new java.util.ArrayList<>();
    for (MigrationInfo migration : info.pending()) {
      pending.add("V" + migration.getVersion() + " " + migration.getDescription());
    }
    return new SchemaStatus(
        current == null ? "none" : current.getVersion().toString(),
        latestKnown(info),
        pending,
        newer);
  }

  /**
   * Reads the schema status of {@code jdbcUrl} without migrating or changing anything: an operator
   * checks what an upgrade would apply before applying it.
   *
   * @throws StoreException when the database cannot be reached
   */
  public static SchemaStatus inspect(String jdbcUrl, String user, String password) {
    try (Database database = openUnmigrated(jdbcUrl, user, password)) {
      return schemaStatus(database.dataSource);
    } catch (org.flywaydb.core.api.FlywayException e) {
      throw new StoreException("cannot read the schema of " + redact(jdbcUrl) + ": " + e, e);
    }
  }

  /**
   * As {@link #inspect(String, String, String)} for the embedded database under {@code dataDir}
   * (started for the look, and stopped again unless another process uses it).
   *
   * @return the status and where the database is, as {@link #describe} says it
   */
  public static Inspection inspectEmbedded(Path dataDir) {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
    try {
      return new Inspection(
          "embedded PostgreSQL in " + server.pgData() + " (127.0.0.1:" + server.port() + ")",
          inspect(server.jdbcUrl(), server.user(), server.password()));
    } finally {
      server.close();
    }
  }

  /** A database named as {@link #describe} names it, and its schema status. */
  public record Inspection(String database, SchemaStatus status) {}

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * The one group committer of this database (started on first use, stopped by {@link #close}):
   * every store whose appends are group-committed shares it, so that they share its batches.
   */
  public synchronized GroupCommitter groupCommitter() {
    if (groupCommitter == null) {
      groupCommitter = new GroupCommitter(this);
    }
    return groupCommitter;
  }

  /** The embedded server this database runs on, if it is the embedded default. */
  public java.util.Optional<EmbeddedPostgresServer> embedded() {
    return java.util.Optional.ofNullable(embedded);
  }

  /** The URL with any password removed, safe to print. */
  public String describe() {
    return embedded != null
        ? "embedded PostgreSQL in " + embedded.pgData() + " (127.0.0.1:" + embedded.port() + ")"
        : redact(url);
  }

  /** {@code url} with any password replaced by {@code ***}, safe to print. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (groupCommitter != null) {
        groupCommitter.close();
      }
    }
    dataSource.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
