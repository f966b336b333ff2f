package org.vigil.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The system of record: a pooled connection to H2 (embedded default) or PostgreSQL, migrated to the
 * current schema on open. Both databases run the same migrations, so everything above this class is
 * unaware of which one it talks to.
 */
public final class Database implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final String url;

  private Database(HikariDataSource dataSource, String url) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.url = url;
  }

  /**
   * The embedded default: an H2 file database under {@code dataDir}. AUTO_SERVER lets a second
   * local process (e.g. {@code vigil keys create} while the server runs) share the open file.
   */
  public static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().normalize().resolve("vigil")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
  }

  /**
   * Opens and migrates the database at {@code jdbcUrl}.
   *
   * @param user null when the URL carries the credentials (or none are needed)
   * @throws StoreException when the database cannot be reached or migrated
   */
  public static Database open(String jdbcUrl, String user, String password) {
    if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new StoreException(
          "unsupported database URL (expected jdbc:h2:... or jdbc:postgresql:...): "
              + redact(jdbcUrl),
          null);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
      config.setPassword(password);
    }
    config.setPoolName("vigil");
    config.setMaximumPoolSize(jdbcUrl.startsWith("jdbc:h2:") ? 8 : 16);
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
    return new Database(dataSource, jdbcUrl);
  }

  private static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .loggers("slf4j")
        .load()
        .migrate();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  /** The URL with any password removed, safe to print. */
  public String describe() {
    return redact(url);
  }

  static String redact(String url) {
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
    dataSource.close();
  }
}
