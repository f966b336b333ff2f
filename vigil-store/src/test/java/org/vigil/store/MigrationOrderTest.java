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
}
