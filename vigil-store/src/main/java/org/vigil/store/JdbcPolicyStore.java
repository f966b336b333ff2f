package org.vigil.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.vigil.core.policy.PolicyState;
import org.vigil.core.policy.PolicyStore;
import org.vigil.core.policy.StoredPolicy;

/** Policy versions in the {@code policies} table. */
public final class JdbcPolicyStore implements PolicyStore {

  private static final RowMapper<StoredPolicy> POLICY =
      (rs, ctx) ->
          new StoredPolicy(
              rs.getString("version"),
              rs.getString("name"),
              PolicyState.fromWire(rs.getString("state")),
              rs.getString("source"),
              Times.read(rs, "created_at"),
              rs.getString("created_by"),
              Times.read(rs, "activated_at"),
              Times.read(rs, "shadow_since"));

  private final Jdbi jdbi;

  public JdbcPolicyStore(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public boolean insert(StoredPolicy p) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                                "INSERT INTO policies (version, name, state, source, created_at,"
                                    + " created_by, activated_at, shadow_since) VALUES (:version,"
                                    + " :name, :state, :source, :at, :by, :activated, :shadow) ON"
                                    + " CONFLICT DO NOTHING")
                            .bind("version", p.version())
                            .bind("name", p.name())
                            .bind("state", p.state().wireName())
                            .bind("source", p.source())
                            .bind("at", Times.write(p.createdAt()))
                            .bind("by", p.createdBy())
                            .bind("activated", Times.write(p.activatedAt()))
                            .bind("shadow", Times.write(p.shadowSince()))
                            .execute()
                        == 1));
  }

  @Override
  public Optional<StoredPolicy> find(String version) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM policies WHERE version = :version")
                        .bind("version", version)
                        .map(POLICY)
                        .findOne()));
  }

  @Override
  public List<StoredPolicy> list() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM policies ORDER BY created_at DESC, version")
                        .map(POLICY)
                        .list()));
  }

  @Override
  public boolean setState(String version, PolicyState state, Instant at) {
    if (state == PolicyState.LIVE) {
      throw new IllegalArgumentException("use activate to make a version live");
    }
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    (state == PolicyState.SHADOW
                                ? h.createUpdate(
                                        "UPDATE policies SET state = 'shadow', shadow_since = :at"
                                            + " WHERE version = :version")
                                    .bind("at", Times.write(at))
                                : h.createUpdate(
                                        "UPDATE policies SET state = :state WHERE version ="
                                            + " :version")
                                    .bind("state", state.wireName()))
                            .bind("version", version)
                            .execute()
                        == 1));
  }

  @Override
  public boolean activate(String version, Instant at) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  // Lock every live row first so two activations cannot leave two live versions.
                  h.createQuery("SELECT version FROM policies WHERE state = 'live' FOR UPDATE")
                      .mapTo(String.class)
                      .list();
                  boolean exists =
                      h.createQuery("SELECT COUNT(*) FROM policies WHERE version = :version")
                              .bind("version", version)
                              .mapTo(Integer.class)
                              .one()
                          == 1;
                  if (!exists) {
                    return false;
                  }
                  h.createUpdate(
                          "UPDATE policies SET state = 'retired' WHERE state = 'live' AND version"
                              + " <> :version")
                      .bind("version", version)
                      .execute();
                  h.createUpdate(
                          "UPDATE policies SET state = 'live', activated_at = :at WHERE version ="
                              + " :version")
                      .bind("at", Times.write(at))
                      .bind("version", version)
                      .execute();
                  return true;
                }));
  }
}
