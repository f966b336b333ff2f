package org.vigil.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.SignalOpinion;
import org.vigil.core.matcher.GuardStore;
import org.vigil.core.matcher.SignalHold;

/** The negative banks' and the flood guard's storage (V140 opinions, V150 counts and holds). */
public final class JdbcGuardStore implements GuardStore {

  private final Jdbi jdbi;

  public JdbcGuardStore(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public Optional<HashKey> hashOf(String bank, long signalId) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT signal_type, hash_value FROM signals WHERE bank_name = :bank"
                                + " AND id = :id")
                        .bind("bank", bank)
                        .bind("id", signalId)
                        .map(
                            (rs, ctx) ->
                                new HashKey(
                                    SignalType.fromWire(rs.getString("signal_type")),
                                    rs.getString("hash_value")))
                        .findOne()));
  }

  @Override
  public List<SignalOpinion> opinionsRecordedSince(Instant since) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            OpinionRows.SELECT
                                + " WHERE recorded_at >= :since ORDER BY recorded_at, id")
                        .bind("since", Times.write(since))
                        .map((rs, ctx) -> OpinionRows.read(rs))
                        .list()));
  }

  @Override
  public void addMatchCounts(Instant hour, List<MatchCount> counts) {
    Sql.run(
        () ->
            jdbi.useTransaction(
                h -> {
                  PreparedBatch batch =
                      h.prepareBatch(
                          "INSERT INTO signal_match_counts (bank_name, signal_id, hour_start,"
                              + " matches) VALUES (:bank, :id, :hour, :n) ON CONFLICT (bank_name,"
                              + " signal_id, hour_start) DO UPDATE SET matches ="
                              + " signal_match_counts.matches + EXCLUDED.matches");
                  for (MatchCount count : counts) {
                    batch
                        .bind("bank", count.bank())
                        .bind("id", count.signalId())
                        .bind("hour", Times.write(hour))
                        .bind("n", count.matches())
                        .add();
                  }
                  batch.execute();
                }));
  }

  @Override
  public long matches(String bank, long signalId, Instant from, Instant to) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT COALESCE(SUM(matches), 0) FROM signal_match_counts WHERE"
                                + " bank_name = :bank AND signal_id = :id AND hour_start >= :from"
                                + " AND hour_start < :to")
                        .bind("bank", bank)
                        .bind("id", signalId)
                        .bind("from", Times.write(from))
                        .bind("to", Times.write(to))
                        .mapTo(Long.class)
                        .one()));
  }

  @Override
  public boolean hold(SignalHold hold, OutboxMessage announcement) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  int changed =
                      h.createUpdate(
                              "INSERT INTO signal_holds (bank_name, signal_id, held_at, matches,"
                                  + " baseline_per_hour, match_limit, tenant) VALUES (:bank, :id,"
                                  + " :at, :matches, :baseline, :limit, :tenant) ON CONFLICT"
                                  + " (bank_name, signal_id) DO UPDATE SET held_at ="
                                  + " EXCLUDED.held_at, matches = EXCLUDED.matches,"
                                  + " baseline_per_hour = EXCLUDED.baseline_per_hour,"
                                  + " match_limit = EXCLUDED.match_limit, tenant ="
                                  + " EXCLUDED.tenant, released_at = NULL, released_by = NULL"
                                  + " WHERE signal_holds.released_at IS NOT NULL")
                          .bind("bank", hold.bank())
                          .bind("id", hold.signalId())
                          .bind("at", Times.write(hold.heldAt()))
                          .bind("matches", hold.matches())
                          .bind("baseline", hold.baselinePerHour())
                          .bind("limit", hold.limit())
                          .bind("tenant", hold.tenant())
                          .execute();
                  if (changed == 0) {
                    return false;
                  }
                  Connection connection = h.getConnection();
                  try {
                    OutboxWrites.insert(connection, List.of(announcement));
                  } catch (SQLException e) {
                    throw new StoreException("cannot write to the outbox: " + e.getMessage(), e);
                  }
                  return true;
                }));
  }

  @Override
  public boolean release(String bank, long signalId, String by, Instant at) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                                "UPDATE signal_holds SET released_at = :at, released_by = :by"
                                    + " WHERE bank_name = :bank AND signal_id = :id AND"
                                    + " released_at IS NULL")
                            .bind("at", Times.write(at))
                            .bind("by", by)
                            .bind("bank", bank)
                            .bind("id", signalId)
                            .execute()
                        == 1));
  }

  @Override
  public List<SignalHold> activeHolds() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT bank_name, signal_id, held_at, matches, baseline_per_hour,"
                                + " match_limit, tenant FROM signal_holds WHERE released_at IS"
                                + " NULL ORDER BY held_at")
                        .map(
                            (rs, ctx) ->
                                new SignalHold(
                                    rs.getString("bank_name"),
                                    rs.getLong("signal_id"),
                                    Times.read(rs, "held_at"),
                                    rs.getLong("matches"),
                                    rs.getDouble("baseline_per_hour"),
                                    rs.getLong("match_limit"),
                                    rs.getString("tenant")))
                        .list()));
  }
}
