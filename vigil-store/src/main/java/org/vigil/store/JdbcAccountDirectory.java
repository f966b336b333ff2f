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
 *
 * <p>Decisions about accounts nobody registered (a sign-up, typically) need no database read once
 * {@link #syncRegisteredIds} runs: the directory then keeps a filter of every registered (tenant,
 * id) pair and answers {@link #parties} for ids that are certainly not in it without asking the
 * database. Only that negative answer comes from memory: a registered account (or a filter false
 * positive) is always read from the database, so an age, consent or connection is never answered
 * older than the database holds. Why the negative answer is safe:
 *
 * <ul>
 *   <li>Accounts are never deleted, so a pair once registered stays in the filter, correctly.
 *   <li>This instance's own {@link #put} adds the id to the filter before its transaction starts,
 *       so a decision that starts after the put returned reads the new account.
 *   <li>Accounts created by other processes on the same database (another API node, {@code vigil
 *       accounts}) carry the creating transaction's id ({@code created_xid}, V183, a column default
 *       so every writer sets it). Each sync reads the rows whose xid is at or above the oldest
 *       transaction still running at the previous sync's snapshot, so no committed creation is ever
 *       skipped (a transaction not yet committed then has an xid at or above that horizon).
 *   <li>The filter is used only while its last sync started less than {@code maxStaleness} ago; if
 *       the sync stalls (database down, scheduler busy) every decision reads the database again. So
 *       an account created on another node is seen here within one sync interval (1 s by default,
 *       as bank changes and policy activations are), never later than {@code maxStaleness}.
 * </ul>
 */
public final class JdbcAccountDirectory implements AccountDirectory {

  private final Jdbi jdbi;
  private final long maxStalenessNanos;
  private final RegisteredIdFilter registered = new RegisteredIdFilter();
  private final java.util.concurrent.atomic.AtomicLong partiesReads =
      new java.util.concurrent.atomic.AtomicLong();

  /** Start (System.nanoTime) of the last successful sync, valid only when {@link #synced}. */
  private volatile long syncedAt;

  private volatile boolean synced;

  /** The oldest transaction id still running at the last sync's snapshot, as text. */
  private String horizon;

  /** A directory that always reads the database (one-shot commands, tools). */
  public JdbcAccountDirectory(Database database) {
    this(database, java.time.Duration.ZERO);
  }

  /**
   * @param maxStaleness how old the last {@link #syncRegisteredIds} may be for decisions to trust
   *     its "not registered" answer; zero never trusts it
   */
  public JdbcAccountDirectory(Database database, java.time.Duration maxStaleness) {
    this.jdbi = database.jdbi();
    this.maxStalenessNanos = maxStaleness.toNanos();
  }

  /**
   * Brings the filter of registered ids up to date: the first call reads every registered id, later
   * calls only those created since (by any process on the database). Run it periodically in a
   * server; until it has run once, every decision reads the database.
   */
  public synchronized void syncRegisteredIds() {
    long start = System.nanoTime();
    String next =
        Sql.get(
            () ->
                jdbi.inTransaction(
                    org.jdbi.v3.core.transaction.TransactionIsolationLevel.REPEATABLE_READ,
                    h -> {
                      // First statement of the transaction: it takes the snapshot every later
                      // statement reads, so the horizon and the rows agree.
                      String snapshotHorizon =
                          h.createQuery("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
                              .mapTo(String.class)
                              .one();
                      var query =
                          horizon == null
                              ? h.createQuery("SELECT tenant, id FROM accounts")
                              : h.createQuery(
                                      "SELECT tenant, id FROM accounts WHERE created_xid >="
                                          + " CAST(:h AS xid8)")
                                  .bind("h", horizon);
                      query
                          .setFetchSize(10_000)
                          .map(
                              (rs, ctx) -> {
                                registered.add(rs.getString(1), rs.getString(2));
                                return Boolean.TRUE;
                              })
                          .forEach(ignored -> {});
                      return snapshotHorizon;
                    }));
    horizon = next;
    syncedAt = start;
    synced = true;
  }

  /** Whether the filter's "not registered" may be trusted now (see the class comment). */
  private boolean filterCurrent() {
    return synced && System.nanoTime() - syncedAt < maxStalenessNanos;
  }

  /** How many times {@link #parties} read the database (tests show when the filter answered). */
  long partiesReads() {
    return partiesReads.get();
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
    if (filterCurrent()
        && (actorId == null || !registered.mightContain(tenant, actorId))
        && (targetId == null || !registered.mightContain(tenant, targetId))) {
      // Neither is registered (see the class comment for why this is never stale): exactly what
      // the query below returns for them, no rows, hence not connected either.
      return new Parties(Optional.empty(), Optional.empty(), false);
    }
    partiesReads.incrementAndGet();
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
    // Before the transaction, so that no decision after this put returns skips the read; if the
    // transaction fails the filter only has one more "maybe", which costs a read.
    registered.add(tenant, account.id());
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
