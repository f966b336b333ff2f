package org.vigil.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.banks.Bank;
import org.vigil.core.banks.BankAction;
import org.vigil.core.banks.BankChange;
import org.vigil.core.banks.BankStore;
import org.vigil.core.banks.NewSignal;
import org.vigil.core.banks.Signal;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.VideoThresholds;

/** Banks and signals in the {@code banks} and {@code signals} tables. */
public final class JdbcBankStore implements BankStore {

  private static final RowMapper<Bank> BANK =
      (rs, ctx) ->
          new Bank(
              rs.getString("name"),
              rs.getString("description"),
              rs.getInt("pdq_threshold"),
              BankAction.fromWire(rs.getString("bank_action")),
              rs.getBoolean("enabled"),
              Times.read(rs, "created_at"),
              Times.read(rs, "updated_at"),
              new VideoThresholds(
                  rs.getInt("vpdq_frame_distance"),
                  rs.getDouble("vpdq_query_percent"),
                  rs.getDouble("vpdq_target_percent"),
                  rs.getDouble("tmk_level1"),
                  rs.getDouble("tmk_level2")),
              rs.getString("tenant"));

  private static final RowMapper<Signal> SIGNAL =
      (rs, ctx) ->
          new Signal(
              rs.getLong("id"),
              rs.getString("bank_name"),
              SignalType.fromWire(rs.getString("signal_type")),
              storedValue(rs.getString("hash_value"), rs.getString("long_value")),
              rs.getString("external_id"),
              rs.getString("source"),
              rs.getString("category"),
              Times.read(rs, "created_at"));

  // ON CONFLICT DO NOTHING: PostgreSQL syntax that H2 accepts in MODE=PostgreSQL.
  private static final String INSERT_SIGNAL =
      "INSERT INTO signals (bank_name, signal_type, hash_value, long_value, external_id, source,"
          + " category, created_at) VALUES (:bank, :type, :value, :longValue, :externalId, :source,"
          + " :category, :at) ON CONFLICT DO NOTHING";

  private static final String INSERT_SIGNAL_JDBC =
      "INSERT INTO signals (bank_name, signal_type, hash_value, long_value, external_id, source,"
          + " category, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private final Jdbi jdbi;

  /**
   * The unique key of a signal within its bank and type: the value itself, or for a video signal
   * (too long to be a key) the SHA-256 of its canonical value, with the value in long_value.
   */
  static String key(NewSignal signal) {
    if (!signal.type().isVideo()) {
      return signal.value();
    }
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(signal.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks SHA-256", e);
    }
  }

  private static String storedValue(String hashValue, String longValue) {
    return longValue != null ? longValue : hashValue;
  }

  public JdbcBankStore(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public boolean insert(Bank bank) {
    return Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "INSERT INTO banks (name, description, pdq_threshold, bank_action,"
                                    + " enabled, created_at, updated_at, vpdq_frame_distance,"
                                    + " vpdq_query_percent, vpdq_target_percent, tmk_level1,"
                                    + " tmk_level2, tenant) VALUES (:name, :description,"
                                    + " :threshold, :action, :enabled, :created, :updated,"
                                    + " :vpdqDistance, :vpdqQuery, :vpdqTarget, :tmk1, :tmk2,"
                                    + " :tenant) ON CONFLICT DO NOTHING")
                            .bind("name", bank.name())
                            .bind("tenant", bank.tenant())
                            .bind("description", bank.description())
                            .bind("threshold", bank.pdqThreshold())
                            .bind("action", bank.action().wireName())
                            .bind("enabled", bank.enabled())
                            .bind("created", Times.write(bank.createdAt()))
                            .bind("updated", Times.write(bank.updatedAt()))
                            .bind("vpdqDistance", bank.video().vpdqFrameDistance())
                            .bind("vpdqQuery", bank.video().vpdqQueryPercent())
                            .bind("vpdqTarget", bank.video().vpdqTargetPercent())
                            .bind("tmk1", bank.video().tmkLevel1())
                            .bind("tmk2", bank.video().tmkLevel2())
                            .execute()))
        == 1;
  }

  @Override
  public boolean update(Bank bank) {
    return Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE banks SET description = :description, pdq_threshold ="
                                    + " :threshold, bank_action = :action, enabled = :enabled,"
                                    + " updated_at = :updated, vpdq_frame_distance ="
                                    + " :vpdqDistance, vpdq_query_percent = :vpdqQuery,"
                                    + " vpdq_target_percent = :vpdqTarget, tmk_level1 = :tmk1,"
                                    + " tmk_level2 = :tmk2 WHERE name = :name")
                            .bind("name", bank.name())
                            .bind("description", bank.description())
                            .bind("threshold", bank.pdqThreshold())
                            .bind("action", bank.action().wireName())
                            .bind("enabled", bank.enabled())
                            .bind("updated", Times.write(bank.updatedAt()))
                            .bind("vpdqDistance", bank.video().vpdqFrameDistance())
                            .bind("vpdqQuery", bank.video().vpdqQueryPercent())
                            .bind("vpdqTarget", bank.video().vpdqTargetPercent())
                            .bind("tmk1", bank.video().tmkLevel1())
                            .bind("tmk2", bank.video().tmkLevel2())
                            .execute()))
        == 1;
  }

  @Override
  public Optional<Bank> find(String name) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM banks WHERE name = :name")
                        .bind("name", name)
                        .map(BANK)
                        .findOne()));
  }

  @Override
  public List<Bank> list() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> h.createQuery("SELECT * FROM banks ORDER BY name").map(BANK).list()));
  }

  @Override
  public boolean delete(String name) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  h.createUpdate("DELETE FROM signals WHERE bank_name = :name")
                      .bind("name", name)
                      .execute();
                  return h.createUpdate("DELETE FROM banks WHERE name = :name")
                          .bind("name", name)
                          .execute()
                      == 1;
                }));
  }

  @Override
  public Signal addSignal(String bank, NewSignal signal, Instant at) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  bindSignal(h.createUpdate(INSERT_SIGNAL), bank, signal, at).execute();
                  return h.createQuery(
                          "SELECT * FROM signals WHERE bank_name = :bank AND signal_type = :type"
                              + " AND hash_value = :value")
                      .bind("bank", bank)
                      .bind("type", signal.type().wireName())
                      .bind("value", key(signal))
                      .map(SIGNAL)
                      .one();
                }));
  }

  private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bindSignal(
      T statement, String bank, NewSignal signal, Instant at) {
    return statement
        .bind("bank", bank)
        .bind("type", signal.type().wireName())
        .bind("value", key(signal))
        .bind("longValue", signal.type().isVideo() ? signal.value() : null)
        .bind("externalId", signal.externalId())
        .bind("source", signal.source())
        .bind("category", signal.category())
        .bind("at", Times.write(at));
  }

  @Override
  public int addSignals(String bank, List<NewSignal> signals, Instant at) {
    if (signals.isEmpty()) {
      return 0;
    }
    return Sql.get(() -> jdbi.inTransaction(h -> insertBatch(h, bank, signals, at)));
  }

  @Override
  public int addSignals(
      String bank, List<NewSignal> signals, Instant at, IntFunction<AuditEvent> audit) {
    if (signals.isEmpty()) {
      return 0;
    }
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  int added = insertBatch(h, bank, signals, at);
                  JdbcAuditStore.append(h, audit.apply(added), at);
                  return added;
                }));
  }

  // Bulk import is the one write-heavy path: plain JDBC batching, one transaction per batch,
  // no per-row statement objects.
  private static int insertBatch(Handle h, String bank, List<NewSignal> signals, Instant at) {
    try (PreparedStatement insert = h.getConnection().prepareStatement(INSERT_SIGNAL_JDBC)) {
      java.time.OffsetDateTime when = Times.write(at);
      for (NewSignal signal : signals) {
        insert.setString(1, bank);
        insert.setString(2, signal.type().wireName());
        insert.setString(3, key(signal));
        insert.setString(4, signal.type().isVideo() ? signal.value() : null);
        insert.setString(5, signal.externalId());
        insert.setString(6, signal.source());
        insert.setString(7, signal.category());
        insert.setObject(8, when);
        insert.addBatch();
      }
      int added = 0;
      for (int count : insert.executeBatch()) {
        added += Math.max(count, 0);
      }
      return added;
    } catch (SQLException e) {
      throw new StoreException("bulk insert failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Signal> findSignal(String bank, long id) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM signals WHERE bank_name = :bank AND id = :id")
                        .bind("bank", bank)
                        .bind("id", id)
                        .map(SIGNAL)
                        .findOne()));
  }

  @Override
  public boolean removeSignal(String bank, long id) {
    return Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createUpdate("DELETE FROM signals WHERE bank_name = :bank AND id = :id")
                            .bind("bank", bank)
                            .bind("id", id)
                            .execute()))
        == 1;
  }

  @Override
  public long countSignals(String bank) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM signals WHERE bank_name = :bank")
                        .bind("bank", bank)
                        .mapTo(Long.class)
                        .one()));
  }

  @Override
  public void forEachSignal(String bank, Consumer<Signal> sink) {
    // A cursor (fetch size + transaction, which PostgreSQL needs to stream) keeps memory flat.
    Sql.run(() -> jdbi.useTransaction(h -> streamSignals(h, bank, sink)));
  }

  private static void streamSignals(Handle h, String bank, Consumer<Signal> sink) {
    h.createQuery("SELECT * FROM signals WHERE bank_name = :bank ORDER BY id")
        .bind("bank", bank)
        .setFetchSize(5000)
        .map(SIGNAL)
        .forEach(sink);
  }

  @Override
  public List<Signal> listSignals(String bank, long afterId, int limit) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM signals WHERE bank_name = :bank AND id > :after ORDER BY"
                                + " id LIMIT :limit")
                        .bind("bank", bank)
                        .bind("after", afterId)
                        .bind("limit", limit)
                        .map(SIGNAL)
                        .list()));
  }

  @Override
  public long recordChange(
      String bank, BankChange.Kind kind, Long signalId, SignalType signalType, Instant at) {
    return Sql.get(
        () -> jdbi.inTransaction(h -> appendChange(h, bank, kind, signalId, signalType, at)));
  }

  /**
   * Appends to the bank change log inside the caller's transaction (an exchange page writes its
   * signals and their change entries together).
   */
  static long appendChange(
      Handle h,
      String bank,
      BankChange.Kind kind,
      Long signalId,
      SignalType signalType,
      Instant at) {
    // The head row lock orders commits by sequence number (see V2 migration).
    long seq =
        h.createQuery("SELECT seq FROM bank_change_head WHERE id = 1 FOR UPDATE")
                .mapTo(Long.class)
                .one()
            + 1;
    h.createUpdate(
            "INSERT INTO bank_changes (seq, bank_name, change_kind, signal_id,"
                + " signal_type, changed_at) VALUES (:seq, :bank, :kind, :signalId,"
                + " :signalType, :at)")
        .bind("seq", seq)
        .bind("bank", bank)
        .bind("kind", kind.name())
        .bind("signalId", signalId)
        .bind("signalType", signalType == null ? null : signalType.wireName())
        .bind("at", Times.write(at))
        .execute();
    h.createUpdate("UPDATE bank_change_head SET seq = :seq WHERE id = 1")
        .bind("seq", seq)
        .execute();
    return seq;
  }

  @Override
  public List<BankChange> changesAfter(long seq, int limit) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM bank_changes WHERE seq > :seq ORDER BY seq LIMIT :limit")
                        .bind("seq", seq)
                        .bind("limit", limit)
                        .map(
                            (rs, ctx) -> {
                              long signalId = rs.getLong("signal_id");
                              boolean hasSignal = !rs.wasNull();
                              String type = rs.getString("signal_type");
                              return new BankChange(
                                  rs.getLong("seq"),
                                  rs.getString("bank_name"),
                                  BankChange.Kind.valueOf(rs.getString("change_kind")),
                                  hasSignal ? signalId : null,
                                  type == null ? null : SignalType.fromWire(type));
                            })
                        .list()));
  }

  @Override
  public long lastChangeSeq() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT seq FROM bank_change_head WHERE id = 1")
                        .mapTo(Long.class)
                        .one()));
  }
}
