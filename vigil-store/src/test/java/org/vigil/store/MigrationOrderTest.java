package org.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Areas own ranges of migration numbers, so a database can hold V90 before V80 ships. Opening it
 * with a release that brings V80 applies V80 instead of refusing to start.
 */
class MigrationOrderTest {

  @Test
  void open_lowerMigrationLandedLater_appliesIt() throws SQLException {
    String url = TestDatabases.postgresUrl();
    try (Database first = Database.open(url, "postgres", "postgres");
        Connection connection = first.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      // Rewind to a database created before V80 existed, while V90 and later are applied.
      statement.execute("DELETE FROM flyway_schema_history WHERE version = '80'");
      statement.execute("ALTER TABLE accounts ALTER COLUMN country SET DATA TYPE VARCHAR(2)");
      statement.execute(
          "ALTER TABLE minors_review_actions ALTER COLUMN country SET DATA TYPE VARCHAR(2)");
    }

    try (Database reopened = Database.open(url, "postgres", "postgres");
        Connection connection = reopened.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet applied =
          statement.executeQuery(
              "SELECT success FROM flyway_schema_history WHERE version = '80'")) {
        assertEquals(true, applied.next() && applied.getBoolean(1));
      }
      try (ResultSet width =
          statement.executeQuery(
              "SELECT character_maximum_length FROM information_schema.columns"
                  + " WHERE table_name = 'accounts' AND column_name = 'country'")) {
        width.next();
        assertEquals(6, width.getInt(1));
      }
    }
  }

  /**
   * A migration run outside a transaction (V190) that failed half way is recorded as failed, which
   * would stop every later start; it is run again instead, over what the failed run left.
   */
  @Test
  void open_concurrentBuildFailedAtAnEarlierStart_runsItAgain() throws SQLException {
    String url = TestDatabases.postgresUrlMigratedTo("183");
    try (Connection connection = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
        Statement statement = connection.createStatement()) {
      // What a V190 that failed after its first index leaves: that index, and a failed record.
      statement.execute("CREATE UNIQUE INDEX decisions_tenant_id_key ON decisions (tenant, id)");
      statement.execute(
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " installed_by, execution_time, success) SELECT max(installed_rank) + 1, '190',"
              + " 'decision keys build', 'SQL', 'V190__decision_keys_build.sql', 'postgres', 0,"
              + " false FROM flyway_schema_history");
    }

    try (Database reopened = Database.open(url, "postgres", "postgres");
        Connection connection = reopened.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet runs =
          statement.executeQuery(
              "SELECT string_agg(version || ':' || success, ',' ORDER BY installed_rank) FROM"
                  + " flyway_schema_history WHERE version IN ('190', '191')")) {
        runs.next();
        assertEquals("190:true,191:true", runs.getString(1));
      }
      try (ResultSet key =
          statement.executeQuery("SELECT pg_get_indexdef('decisions_pkey'::regclass)")) {
        key.next();
        assertEquals(
            "CREATE UNIQUE INDEX decisions_pkey ON public.decisions USING btree (tenant, id)",
            key.getString(1));
      }
    }
  }
}
