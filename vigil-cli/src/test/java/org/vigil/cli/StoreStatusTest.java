package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.store.Database;
import org.vigil.store.TestDatabases;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StoreStatusTest {

  @TempDir Path dir;

  /** The migrations this binary carries, counted from the classpath (not a hard-coded number). */
  private static long migrationsInBinary() throws Exception {
    java.net.URI uri = Database.class.getClassLoader().getResource("db/migration").toURI();
    if (uri.getScheme().equals("jar")) {
      try (java.nio.file.FileSystem jar =
          java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of())) {
        return count(jar.provider().getPath(uri));
      }
    }
    return count(Path.of(uri));
  }

  private static long count(Path folder) throws java.io.IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
  }

  private static String line(CliRun run, String prefix) {
    return run.out()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + run.out()));
  }

  private static boolean historyExists(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  @Test
  void status_emptyDatabase_listsEveryPendingMigrationAndAppliesNone() throws Exception {
    String url = TestDatabases.postgresUrl();
    long expected = migrationsInBinary();

    CliRun status = CliRun.of("store", "status", "--db-url", url);

    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(line(status, "schema version: ")).isEqualTo("none");
    assertThat(line(status, "pending migrations: ")).isEqualTo(Long.toString(expected));
    assertThat(status.out()).contains("  V1 foundation").contains("  V40 outbox");
    // Nothing was applied: not even Flyway's history table exists.
    assertThat(historyExists(url)).isFalse();

    // After a start (which migrates), nothing is pending.
    Database.open(url, null, null).close();
    CliRun after = CliRun.of("store", "status", "--db-url", url);
    assertThat(after.exit()).as(after.err()).isZero();
    assertThat(line(after, "pending migrations: ")).isEqualTo("0");
    assertThat(line(after, "schema version: "))
        .isEqualTo(line(after, "newest version this binary knows: "));
  }

  @Test
  void status_migrationMissingFromTheDatabase_isReportedNotApplied() throws Exception {
    String url = TestDatabases.postgresUrl();
    Database.open(url, null, null).close();
    // An older binary's database: the newest migration's row is not in the history yet.
    String newest;
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT version, description FROM flyway_schema_history"
                  + " ORDER BY installed_rank DESC LIMIT 1")) {
        rs.next();
        newest = "V" + rs.getString(1) + " " + rs.getString(2);
      }
      statement.execute(
          "DELETE FROM flyway_schema_history WHERE installed_rank ="
              + " (SELECT max(installed_rank) FROM flyway_schema_history)");
    }

    CliRun status = CliRun.of("store", "status", "--db-url", url);

    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(line(status, "pending migrations: ")).isEqualTo("1");
    assertThat(status.out()).contains("  " + newest);
    CliRun again = CliRun.of("store", "status", "--db-url", url);
    assertThat(line(again, "pending migrations: ")).as("status applied nothing").isEqualTo("1");
  }

  @Test
  void status_databaseNewerThanTheBinary_showsVersionThenRefusesInOneLine() {
    Path data = dir.resolve("data");
    Database.openEmbedded(data).close();
    CliRun status = CliRun.of("store", "status", "--data-dir", data.toString());
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("database: embedded PostgreSQL in ");
    assertThat(line(status, "schema version: "))
        .isEqualTo(line(status, "newest version this binary knows: "))
        .isNotEqualTo("none");
    assertThat(status.out()).contains("pending migrations: 0");

    // A newer Vigil migrated this database, then the binary was rolled back.
    try (Database db = Database.openEmbedded(data)) {
      db.jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "INSERT INTO flyway_schema_history (installed_rank, version, description,"
                          + " type, script, checksum, installed_by, execution_time, success)"
                          + " VALUES ((SELECT max(installed_rank) + 1 FROM flyway_schema_history),"
                          + " '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0,"
                          + " 'test', 1, true)"));
    }
    CliRun refused = CliRun.of("store", "status", "--data-dir", data.toString());
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.out()).contains("schema version: 999");
    assertThat(refused.err().lines().toList()).hasSize(1);
    assertThat(refused.err())
        .contains("schema is at version 999")
        .contains("newer than this Vigil")
        .doesNotContain("\tat ");
  }

  @Test
  void status_missingDataDirectory_isRefusedAndNotCreated() {
    Path data = dir.resolve("typo");
    CliRun status = CliRun.of("store", "status", "--data-dir", data.toString());
    assertThat(status.exit()).isNotZero();
    assertThat(status.err()).contains("does not exist").doesNotContain("\tat ");
    assertThat(data).doesNotExist();
  }
}
