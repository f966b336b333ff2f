package org.vigil.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.vigil.core.json.Json;

/**
 * Logical backups of the whole Vigil database, taken while it serves, and their restore.
 *
 * <p>A backup is a zip file: {@code manifest.json} (format, schema version, tables in load order,
 * row counts) and one {@code tables/<name>.copy} per table in PostgreSQL's binary COPY format.
 * Every table is read in one {@code REPEATABLE READ} transaction, so the backup is one consistent
 * snapshot (the audit chain, its head and the decisions it covers agree) even while requests write.
 * This needs only a JDBC connection, so it works the same on the embedded server (whose bundled
 * binaries have no pg_dump) and on an external PostgreSQL; for the latter pg_dump or a base backup
 * are the usual alternatives (docs/store.md).
 *
 * <p>A restore goes into an empty database: it migrates the schema up to the backup's version,
 * loads the tables in foreign-key order, moves every identity sequence past the restored rows, and
 * then migrates to the current version, so a backup from an older Vigil restores into a newer one.
 */
public final class Backups {

  static final String FORMAT = "vigil-backup-1";
  private static final String HISTORY = "flyway_schema_history";

  private Backups() {}

  /** What a backup held. */
  public record Summary(String schemaVersion, Map<String, Long> rows) {
    public long totalRows() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Writes a consistent backup of {@code database} to {@code out}. */
  public static Summary backup(Database database, OutputStream out) {
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
      try {
        List<String> tables = tablesInLoadOrder(connection);
        String version = schemaVersion(connection);
        Map<String, Long> rows = new LinkedHashMap<>();
        ZipOutputStream zip = new ZipOutputStream(out);
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        for (String table : tables) {
          zip.putNextEntry(new ZipEntry("tables/" + table + ".copy"));
          long n = copy.copyOut("COPY " + quote(table) + " TO STDOUT (FORMAT binary)", zip);
          zip.closeEntry();
          rows.put(table, n);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("createdAt", Instant.now().toString());
        manifest.put("schemaVersion", version);
        manifest.put("tables", tables);
        manifest.put("rows", rows);
        zip.putNextEntry(new ZipEntry("manifest.json"));
        zip.write(Json.MAPPER.writeValueAsBytes(manifest));
        zip.closeEntry();
        zip.finish();
        connection.commit();
        return new Summary(version, rows);
      } finally {
        connection.rollback();
      }
    } catch (SQLException | IOException e) {
      throw new StoreException("backup failed: " + e.getMessage(), e);
    }
  }

  /**
   * Restores a backup into the empty database at {@code jdbcUrl}, then migrates it to the current
   * schema.
   *
   * @param backup a reader of the backup file; called twice (manifest, then tables)
   * @throws StoreException when the file is not a Vigil backup or the database is not empty
   */
  public static Summary restore(
      IoSupplier<InputStream> backup, String jdbcUrl, String user, String password) {
    JsonNode manifest = manifest(backup);
    String version = manifest.path("schemaVersion").asText(null);
    try (Database target = Database.openUnmigrated(jdbcUrl, user, password)) {
      try (Connection connection = target.dataSource().getConnection()) {
        if (hasTable(connection, HISTORY)) {
          throw new StoreException(
              "restore needs an empty database: " + target.describe() + " already has a schema",
              null);
        }
      }
      Database.flywayConfiguration(target.dataSource()).target(version).load().migrate();
      Map<String, Long> rows = new LinkedHashMap<>();
      try (Connection connection = target.dataSource().getConnection()) {
        connection.setAutoCommit(false);
        // Migrations seed rows (the audit chain's genesis head): the backup's rows replace them.
        List<String> tables = tablesInLoadOrder(connection);
        try (Statement statement = connection.createStatement()) {
          for (int i = tables.size() - 1; i >= 0; i--) {
            statement.execute("DELETE FROM " + quote(tables.get(i)));
          }
        }
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try (InputStream in = backup.get();
            ZipInputStream zip = new ZipInputStream(in)) {
          ZipEntry entry;
          while ((entry = zip.getNextEntry()) != null) {
            String name = entry.getName();
            if (!name.startsWith("tables/") || !name.endsWith(".copy")) {
              continue;
            }
            String table = name.substring("tables/".length(), name.length() - ".copy".length());
            if (!tables.contains(table)) {
              throw new StoreException("backup has a table this schema lacks: " + table, null);
            }
            rows.put(
                table, copy.copyIn("COPY " + quote(table) + " FROM STDIN (FORMAT binary)", zip));
          }
        }
        resetSequences(connection);
        connection.commit();
      }
      Database.migrate(target.dataSource());
      return new Summary(version, rows);
    } catch (SQLException | IOException e) {
      throw new StoreException("restore failed: " + e.getMessage(), e);
    }
  }

  /** Opens a stream over the backup, for reading it more than once. */
  @FunctionalInterface
  public interface IoSupplier<T> {
    T get() throws IOException;
  }

  /**
   * Checks that the file is a Vigil backup and returns its schema version.
   *
   * @throws StoreException when it is not
   */
  public static String check(IoSupplier<InputStream> backup) {
    return manifest(backup).path("schemaVersion").asText(null);
  }

  private static JsonNode manifest(IoSupplier<InputStream> backup) {
    try (InputStream in = backup.get();
        ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (entry.getName().equals("manifest.json")) {
          JsonNode manifest =
              Json.MAPPER.readTree(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
          if (!FORMAT.equals(manifest.path("format").asText())) {
            throw new StoreException(
                "not a Vigil backup (format " + manifest.path("format").asText() + ")", null);
          }
          return manifest;
        }
      }
    } catch (IOException e) {
      throw new StoreException("not a readable Vigil backup: " + e.getMessage(), e);
    }
    throw new StoreException("not a Vigil backup (no manifest.json)", null);
  }

  private static String schemaVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT version FROM "
                    + HISTORY
                    + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static boolean hasTable(Connection connection, String table) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
                + " AND table_name = ?")) {
      query.setString(1, table);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * Vigil's tables (not Flyway's history), each after the tables its foreign keys reference, so a
   * restore loads parents before children with the constraints on.
   */
  static List<String> tablesInLoadOrder(Connection connection) throws SQLException {
    List<String> all = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                    + " current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
      while (rs.next()) {
        if (!rs.getString(1).equals(HISTORY)) {
          all.add(rs.getString(1));
        }
      }
    }
    Map<String, Set<String>> parents = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT child.relname, parent.relname FROM pg_constraint c"
                    + " JOIN pg_class child ON child.oid = c.conrelid"
                    + " JOIN pg_class parent ON parent.oid = c.confrelid"
                    + " JOIN pg_namespace n ON n.oid = child.relnamespace"
                    + " WHERE c.contype = 'f' AND n.nspname = current_schema()")) {
      while (rs.next()) {
        if (!rs.getString(1).equals(rs.getString(2))) {
          parents.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getString(2));
        }
      }
    }
    List<String> ordered = new ArrayList<>();
    Set<String> placed = new LinkedHashSet<>();
    while (ordered.size() < all.size()) {
      boolean progress = false;
      for (String table : all) {
        if (!placed.contains(table) && placed.containsAll(parents.getOrDefault(table, Set.of()))) {
          ordered.add(table);
          placed.add(table);
          progress = true;
        }
      }
      if (!progress) {
        throw new SQLException("foreign keys form a cycle among " + all);
      }
    }
    return ordered;
  }

  /** Moves every column's identity or serial sequence past the largest restored value. */
  private static void resetSequences(Connection connection) throws SQLException {
    List<String[]> columns = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT table_name, column_name FROM information_schema.columns WHERE"
                    + " table_schema = current_schema() AND (is_identity = 'YES' OR column_default"
                    + " LIKE 'nextval(%')")) {
      while (rs.next()) {
        columns.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    for (String[] column : columns) {
      try (PreparedStatement reset =
          connection.prepareStatement(
              "SELECT setval(pg_get_serial_sequence(?, ?), GREATEST((SELECT max("
                  + quote(column[1])
                  + ") FROM "
                  + quote(column[0])
                  + "), 1), (SELECT count(*) > 0 FROM "
                  + quote(column[0])
                  + "))")) {
        reset.setString(1, quote(column[0]));
        reset.setString(2, column[1]);
        reset.execute();
      }
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
