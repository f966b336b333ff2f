package org.vigil.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.vigil.core.auth.ApiKeyRecord;
import org.vigil.core.auth.ApiKeyStore;
import org.vigil.core.auth.Role;

/** API keys in the {@code api_keys} table. */
public final class JdbcApiKeyStore implements ApiKeyStore {

  private static final RowMapper<ApiKeyRecord> MAPPER =
      (rs, ctx) ->
          new ApiKeyRecord(
              rs.getString("id"),
              Role.fromWire(rs.getString("key_role")),
              rs.getString("label"),
              rs.getString("secret_hash"),
              Times.read(rs, "created_at"),
              Times.read(rs, "revoked_at"),
              rs.getString("tenant"));

  private final Jdbi jdbi;

  public JdbcApiKeyStore(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public void insert(ApiKeyRecord key) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO api_keys (id, key_role, label, secret_hash, created_at,"
                                + " tenant) VALUES (:id, :role, :label, :hash, :at, :tenant)")
                        .bind("id", key.id())
                        .bind("role", key.role().wireName())
                        .bind("label", key.label())
                        .bind("hash", key.secretHash())
                        .bind("at", Times.write(key.createdAt()))
                        .bind("tenant", key.tenant())
                        .execute()));
  }

  @Override
  public Optional<ApiKeyRecord> findById(String id) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM api_keys WHERE id = :id")
                        .bind("id", id)
                        .map(MAPPER)
                        .findOne()));
  }

  @Override
  public List<ApiKeyRecord> list() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM api_keys ORDER BY created_at, id")
                        .map(MAPPER)
                        .list()));
  }

  @Override
  public boolean revoke(String id, Instant at) {
    return Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                            .bind("id", id)
                            .bind("at", Times.write(at))
                            .execute()))
        == 1;
  }

  @Override
  public boolean hasActiveAdmin() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                                "SELECT COUNT(*) FROM api_keys WHERE key_role = 'admin' AND revoked_at IS NULL")
                            .mapTo(Long.class)
                            .one()
                        > 0));
  }
}
