package org.vigil.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants in and out of TIMESTAMP WITH TIME ZONE columns. Both drivers accept and return {@link
 * OffsetDateTime} (the PostgreSQL driver does not take {@link Instant}), always in UTC here.
 */
final class Times {

  private Times() {}

  static OffsetDateTime write(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  static Instant read(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
