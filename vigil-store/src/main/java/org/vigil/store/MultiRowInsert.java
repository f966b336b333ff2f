package org.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Inserts many rows into one table with multi-row {@code INSERT ... VALUES (...), (...)}
 * statements.
 *
 * <p>Why: PostgreSQL runs a JDBC batch of single-row inserts as one statement execution per row
 * (parse-once, but bind, plan lookup, executor start and end for each); one statement carrying many
 * rows pays that once. The statement texts come in a few fixed sizes ({@link #CHUNKS}) so that each
 * one is prepared once per connection and reused, whatever the batch's size. (The driver's own
 * {@code reWriteBatchedInserts} does the same for every batch of the process, but then reports no
 * per-row update counts, which the bank import relies on.)
 */
final class MultiRowInsert<T> {

  /** Rows per statement, largest first; a batch is cut greedily into these. */
  private static final int[] CHUNKS = {64, 16, 4, 1};

  /** Binds one row's values starting at parameter {@code first} (1-based). */
  @FunctionalInterface
  interface Binder<T> {
    void bind(PreparedStatement statement, int first, T row) throws SQLException;
  }

  private final int columns;
  private final Binder<T> binder;
  private final String[] statements = new String[CHUNKS.length];

  MultiRowInsert(String table, List<String> columnNames, Binder<T> binder) {
    this.columns = columnNames.size();
    this.binder = binder;
    String row = "(" + "?, ".repeat(columns - 1) + "?)";
    for (int i = 0; i < CHUNKS.length; i++) {
      StringBuilder sql =
          new StringBuilder("INSERT INTO ")
              .append(table)
              .append(" (")
              .append(String.join(", ", columnNames))
              .append(") VALUES ");
      for (int r = 0; r < CHUNKS[i]; r++) {
        sql.append(r == 0 ? "" : ", ").append(row);
      }
      statements[i] = sql.toString();
    }
  }

  /** Inserts {@code rows} in the connection's current transaction. */
  void insert(Connection connection, List<T> rows) throws SQLException {
    int next = 0;
    for (int i = 0; i < CHUNKS.length && next < rows.size(); i++) {
      int size = CHUNKS[i];
      if (rows.size() - next < size) {
        continue;
      }
      try (PreparedStatement insert = connection.prepareStatement(statements[i])) {
        while (rows.size() - next >= size) {
          for (int r = 0; r < size; r++) {
            binder.bind(insert, r * columns + 1, rows.get(next + r));
          }
          insert.addBatch();
          next += size;
        }
        insert.executeBatch();
      }
    }
  }
}
