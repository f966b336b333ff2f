package org.vigil.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.intake.Account;
import org.vigil.core.intake.DecideJson;
import org.vigil.core.minors.AccountDirectory;

/**
 * Registered accounts in {@code accounts} and {@code account_connections}, keyed by (tenant, id)
 * (V32). Age signals are kept as one JSON column: they are always read whole, never queried.
 */
public final class JdbcAccountDirectory implements AccountDirectory {

  private final Jdbi jdbi;

  public JdbcAccountDirectory(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public Optional<Account> find(String tenant, String id) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> {
                  Optional<Row> row =
                      h.createQuery("SELECT * FROM accounts WHERE tenant = :t AND id = :id")
                          .bind("t", tenant)
                          .bind("id", id)
                          .map((rs, ctx) -> row(rs))
                          .findOne();
                  if (row.isEmpty()) {
                    return Optional.<Account>empty();
                  }
                  Set<String> connections =
                      new HashSet<>(
                          h.createQuery(
                                  "SELECT connected_id FROM account_connections WHERE tenant = :t"
                                      + " AND account_id = :id")
                              .bind("t", tenant)
                              .bind("id", id)
                              .mapTo(String.class)
                              .list());
                  return Optional.of(row.get().account(connections));
                }));
  }

  @Override
  public Optional<Account> findProfile(String tenant, String id) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM accounts WHERE tenant = :t AND id = :id")
                        .bind("t", tenant)
                        .bind("id", id)
                        .map((rs, ctx) -> row(rs))
                        .findOne()
                        .map(row -> row.account(Set.of()))));
  }

  @Override
  public boolean connected(String tenant, String accountId, String otherId) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT " + CONNECTED + " AS connected")
                        .bind("t", tenant)
                        .bind("a", accountId)
                        .bind("b", otherId)
                        .mapTo(Boolean.class)
                        .one()));
  }

  /** Whether :a and :b of tenant :t are connected, in either direction (two primary-key probes). */
  private static final String CONNECTED =
      "EXISTS (SELECT 1 FROM account_connections WHERE tenant = :t AND ((account_id = :a AND"
          + " connected_id = :b) OR (account_id = :b AND connected_id = :a)))";

  /**
   * One statement for a decision: both profiles, and the connection as a column of each row. When
   * neither account is registered no row comes back, and then they cannot be connected either (a
   * connection row needs its account).
   */
  @Override
  public Parties parties(String tenant, String actorId, String targetId, boolean askConnected) {
    if (askConnected && (actorId == null || targetId == null)) {
      throw new IllegalArgumentException("a connection needs both account ids");
    }
    if (actorId == null && targetId == null) {
      return new Parties(Optional.empty(), Optional.empty(), false);
    }
    String which = actorId == null ? "id = :b" : targetId == null ? "id = :a" : "id IN (:a, :b)";
    String sql =
        "SELECT *"
            + (askConnected ? ", " + CONNECTED + " AS connected" : "")
            + " FROM accounts WHERE tenant = :t AND "
            + which;
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> {
                  var query = h.createQuery(sql).bind("t", tenant);
                  if (actorId != null) {
                    query.bind("a", actorId);
                  }
                  if (targetId != null) {
                    query.bind("b", targetId);
                  }
                  Account actor = null;
                  Account target = null;
                  boolean connected = false;
                  for (Profile p :
                      query
                          .map(
                              (rs, ctx) ->
                                  new Profile(row(rs), askConnected && rs.getBoolean("connected")))
                          .list()) {
                    Account account = p.row().account(Set.of());
                    connected |= p.connected();
                    if (account.id().equals(actorId)) {
                      actor = account;
                    }
                    if (account.id().equals(targetId)) {
                      target = account;
                    }
                  }
                  return new Parties(
                      Optional.ofNullable(actor), Optional.ofNullable(target), connected);
                }));
  }

  @Override
  public boolean put(String tenant, Account account) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  h.createUpdate(
                          "DELETE FROM account_connections WHERE tenant = :t AND account_id = :id")
                      .bind("t", tenant)
                      .bind("id", account.id())
                      .execute();
                  int updated =
                      bindAccount(
                              h.createUpdate(
                                  "UPDATE accounts SET country = :country, birth_date = :birth,"
                                      + " time_zone = :zone, parental_consent = :consent,"
                                      + " age_signals = :signals, updated_at = :at WHERE tenant ="
                                      + " :t AND id = :id"),
                              tenant,
                              account)
                          .execute();
                  if (updated == 0) {
                    bindAccount(
                            h.createUpdate(
                                "INSERT INTO accounts (tenant, id, country, birth_date, time_zone,"
                                    + " parental_consent, age_signals, updated_at) VALUES (:t, :id,"
                                    + " :country, :birth, :zone, :consent, :signals, :at)"),
                            tenant,
                            account)
                        .execute();
                  }
                  insertConnections(h, tenant, account);
                  return updated == 0;
                }));
  }

  @Override
  public List<Account> page(String tenant, String afterId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more");
    }
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> {
                  var query =
                      h.createQuery(
                              afterId == null
                                  ? "SELECT * FROM accounts WHERE tenant = :t ORDER BY id LIMIT"
                                      + " :limit"
                                  : "SELECT * FROM accounts WHERE tenant = :t AND id > :after"
                                      + " ORDER BY id LIMIT :limit")
                          .bind("t", tenant)
                          .bind("limit", limit);
                  if (afterId != null) {
                    query.bind("after", afterId);
                  }
                  List<Row> rows = query.map((rs, ctx) -> row(rs)).list();
                  if (rows.isEmpty()) {
                    return List.<Account>of();
                  }
                  Map<String, Set<String>> connections = new HashMap<>();
                  h.createQuery(
                          "SELECT account_id, connected_id FROM account_connections WHERE"
                              + " tenant = :t AND account_id >= :first AND account_id <= :last")
                      .bind("t", tenant)
                      .bind("first", rows.get(0).id())
                      .bind("last", rows.get(rows.size() - 1).id())
                      .map(
                          (rs, ctx) ->
                              connections
                                  .computeIfAbsent(rs.getString(1), k -> new HashSet<>())
                                  .add(rs.getString(2)))
                      .list();
                  List<Account> page = new ArrayList<>(rows.size());
                  for (Row row : rows) {
                    page.add(row.account(connections.getOrDefault(row.id(), Set.of())));
                  }
                  return page;
                }));
  }

  @Override
  public List<String> tenants() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT DISTINCT tenant FROM accounts ORDER BY tenant")
                        .mapTo(String.class)
                        .list()));
  }

  private static org.jdbi.v3.core.statement.Update bindAccount(
      org.jdbi.v3.core.statement.Update update, String tenant, Account account) {
    return update
        .bind("t", tenant)
        .bind("id", account.id())
        .bind("country", account.country())
        .bind("birth", account.birthDate())
        .bind("zone", account.timeZone() == null ? null : account.timeZone().getId())
        .bind("consent", account.parentalConsent())
        .bind("signals", DecideJson.writeSignals(account.ageSignals()))
        .bind("at", Times.write(account.updatedAt()));
  }

  private static void insertConnections(Handle h, String tenant, Account account) {
    if (account.connections().isEmpty()) {
      return;
    }
    var batch =
        h.prepareBatch(
            "INSERT INTO account_connections (tenant, account_id, connected_id) VALUES (:t, :id,"
                + " :other)");
    for (String other : account.connections()) {
      batch.bind("t", tenant).bind("id", account.id()).bind("other", other).add();
    }
    batch.execute();
  }

  private record Row(
      String id,
      String country,
      LocalDate birthDate,
      String zone,
      boolean consent,
      String signals,
      java.time.Instant updatedAt) {

    Account account(Set<String> connections) {
      return new Account(
          id,
          country,
          birthDate,
          zone == null ? null : ZoneId.of(zone),
          DecideJson.readSignals(signals),
          connections,
          consent,
          updatedAt);
    }
  }

  /** An account row of {@link #parties} with its connection column. */
  private record Profile(Row row, boolean connected) {}

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(
        rs.getString("id"),
        rs.getString("country"),
        rs.getObject("birth_date", LocalDate.class),
        rs.getString("time_zone"),
        rs.getBoolean("parental_consent"),
        rs.getString("age_signals"),
        Times.read(rs, "updated_at"));
  }
}
