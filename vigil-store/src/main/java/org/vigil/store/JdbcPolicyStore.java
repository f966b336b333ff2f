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
              rs.getString("tenant"),
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
                                "INSERT INTO policies (tenant, version, name, state, source,"
                                    + " created_at, created_by, activated_at, shadow_since) VALUES"
                                    + " (:tenant, :version, :name, :state, :source, :at, :by,"
                                    + " :activated, :shadow) ON CONFLICT DO NOTHING")
                            .bind("tenant", p.tenant())
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
  public Optional<StoredPolicy> find(String tenant, String version) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM policies WHERE tenant = :tenant AND version = :version")
                        .bind("tenant", tenant)
                        .bind("version", version)
                        .map(POLICY)
                        .findOne()));
  }

  @Override
  public List<StoredPolicy> list(String tenant) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM policies WHERE tenant = :tenant ORDER BY created_at"
                                + " DESC, version")
                        .bind("tenant", tenant)
                        .map(POLICY)
                        .list()));
  }

  @Override
  public List<StoredPolicy> listLiveAndShadow() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM policies WHERE state IN ('live', 'shadow') ORDER BY"
                                + " tenant, created_at DESC, version")
                        .map(POLICY)
                        .list()));
  }

  @Override
  public boolean setState(String tenant, String version, PolicyState state, Instant at) {
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
                                            + " WHERE tenant = :tenant AND version = :version")
                                    .bind("at", Times.write(at))
                                : h.createUpdate(
                                        "UPDATE policies SET state = :state WHERE tenant = :tenant"
                                            + " AND version = :version")
                                    .bind("state", state.wireName()))
                            .bind("tenant", tenant)
                            .bind("version", version)
                            .execute()
                        == 1));
  }

  @Override
  public boolean activate(String tenant, String version, Instant at) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  // One activation per tenant at a time, also when the tenant has no live row to
                  // lock yet (its first activation); policies_one_live backs it up.
                  h.createQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
                      .bind("key", "vigil.policies." + tenant)
                      .mapTo(String.class)
                      .one();
                  boolean exists =
                      h.createQuery(
                                  "SELECT COUNT(*) FROM policies WHERE tenant = :tenant AND"
                                      + " version = :version")
                              .bind("tenant", tenant)
                              .bind("version", version)
                              .mapTo(Integer.class)
                              .one()
                          == 1;
                  if (!exists) {
                    return false;
                  }
                  h.createUpdate(
                          "UPDATE policies SET state = 'retired' WHERE tenant = :tenant AND state"
                              + " = 'live' AND version <> :version")
                      .bind("tenant", tenant)
                      .bind("version", version)
                      .execute();
                  h.createUpdate(
                          "UPDATE policies SET state = 'live', activated_at = :at WHERE tenant ="
                              + " :tenant AND version = :version")
                      .bind("at", Times.write(at))
                      .bind("tenant", tenant)
                      .bind("version", version)
                      .execute();
                  return true;
                }));
  }
}
