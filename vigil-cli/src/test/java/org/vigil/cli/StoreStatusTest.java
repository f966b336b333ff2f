package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.store.Database;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StoreStatusTest {

  @TempDir Path dir;

  @Test
  void status_thenDatabaseNewerThanTheBinary_showsVersionThenRefusesInOneLine() {
    Path data = dir.resolve("data");
    CliRun status = CliRun.of("store", "status", "--init", "--data-dir", data.toString());
    assertThat(status.exit()).as(status.err()).isZero();
    String version =
        status
            .out()
            .lines()
            .filter(l -> l.startsWith("schema version: "))
            .findFirst()
            .orElseThrow();
    String known =
        status
            .out()
            .lines()
            .filter(l -> l.startsWith("newest version this binary knows: "))
            .findFirst()
            .orElseThrow();
    assertThat(version.substring("schema version: ".length()))
        .isEqualTo(known.substring("newest version this binary knows: ".length()))
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
    assertThat(refused.err().lines().toList()).hasSize(1);
    assertThat(refused.err())
        .contains("schema is at version 999")
        .contains("newer than this Vigil")
        .doesNotContain("\tat ");
  }
}
