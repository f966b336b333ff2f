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
 * Registered accounts in {@code accounts} and {@code account_connections}. Age signals are kept as
 * one JSON column: they are always read whole, never queried.
 */
public final class JdbcAccountDirectory implements AccountDirectory {

  private final Jdbi jdbi;

  public JdbcAccountDirectory(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public Optional<Account> find(String id) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> {
                  Optional<Row> row =
                      h.createQuery("SELECT * FROM accounts WHERE id = :id")
                          .bind("id", id)
                          .map((rs, ctx) -> row(rs))
                          .findOne();
                  if (row.isEmpty()) {
                    return Optional.<Account>empty();
                  }
                  Set<String> connections =
                      new HashSet<>(
                          h.createQuery(
                                  "SELECT connected_id FROM account_connections WHERE account_id"
                                      + " = :id")
                              .bind("id", id)
                              .mapTo(String.class)
                              .list());
                  return Optional.of(row.get().account(connections));
                }));
  }

  @Override
  public Optional<Account> findProfile(String id) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM accounts WHERE id = :id")
                        .bind("id", id)
                        .map((rs, ctx) -> row(rs))
                        .findOne()
                        .map(row -> row.account(Set.of()))));
  }

  @Override
  public boolean connected(String accountId, String otherId) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                                "SELECT COUNT(*) FROM account_connections WHERE (account_id = :a AND"
                                    + " connected_id = :b) OR (account_id = :b AND connected_id = :a)")
                            .bind("a", accountId)
                            .bind("b", otherId)
                            .mapTo(Long.class)
                            .one()
                        > 0));
  }

  @Override
  public void put(Account account) {
    Sql.run(
        () ->
            jdbi.useTransaction(
                h -> {
                  h.createUpdate("DELETE FROM account_connections WHERE account_id = :id")
                      .bind("id", account.id())
                      .execute();
                  int updated =
                      bindAccount(
                              h.createUpdate(
                                  "UPDATE accounts SET country = :country, birth_date = :birth,"
                                      + " time_zone = :zone, parental_consent = :consent,"
                                      + " age_signals = :signals, updated_at = :at WHERE id = :id"),
                              account)
                          .execute();
                  if (updated == 0) {
                    bindAccount(
                            h.createUpdate(
                                "INSERT INTO accounts (id, country, birth_date, time_zone,"
                                    + " parental_consent, age_signals, updated_at) VALUES (:id,"
                                    + " :country, :birth, :zone, :consent, :signals, :at)"),
                            account)
                        .execute();
                  }
                  insertConnections(h, account);
                }));
  }

  @Override
  public List<Account> page(String afterId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more");
    }
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> {
                  List<Row> rows =
                      h.createQuery(
                              afterId == null
                                  ? "SELECT * FROM accounts ORDER BY id LIMIT :limit"
                                  : "SELECT * FROM accounts WHERE id > :after ORDER BY id LIMIT"
                                      + " :limit")
                          .bind("after", afterId)
                          .bind("limit", limit)
                          .map((rs, ctx) -> row(rs))
                          .list();
                  if (rows.isEmpty()) {
                    return List.<Account>of();
                  }
                  Map<String, Set<String>> connections = new HashMap<>();
                  h.createQuery(
                          "SELECT account_id, connected_id FROM account_connections WHERE"
                              + " account_id >= :first AND account_id <= :last")
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

  private static org.jdbi.v3.core.statement.Update bindAccount(
      org.jdbi.v3.core.statement.Update update, Account account) {
    return update
        .bind("id", account.id())
        .bind("country", account.country())
        .bind("birth", account.birthDate())
        .bind("zone", account.timeZone() == null ? null : account.timeZone().getId())
        .bind("consent", account.parentalConsent())
        .bind("signals", DecideJson.writeSignals(account.ageSignals()))
        .bind("at", Times.write(account.updatedAt()));
  }

  private static void insertConnections(Handle h, Account account) {
    if (account.connections().isEmpty()) {
      return;
    }
    var batch =
        h.prepareBatch(
            "INSERT INTO account_connections (account_id, connected_id) VALUES (:id, :other)");
    for (String other : account.connections()) {
      batch.bind("id", account.id()).bind("other", other).add();
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
