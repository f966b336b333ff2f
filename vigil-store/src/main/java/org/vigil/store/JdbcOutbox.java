package org.vigil.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.actions.Delivery;
import org.vigil.core.actions.DeliveryState;
import org.vigil.core.actions.Outbox;
import org.vigil.core.actions.OutboxBacklog;
import org.vigil.core.actions.OutboxMessage;

/**
 * The outbox in {@code outbox_messages} and {@code outbox_deliveries} (V40).
 *
 * <p>Claims are one conditional UPDATE that stamps a fresh lease token on due, unleased rows,
 * followed by a read of the rows carrying that token. The UPDATE re-checks the conditions on each
 * row it changes, so two workers racing for the same row never both get it (PostgreSQL re-reads a
 * row a concurrent transaction changed; H2 locks it), without {@code SKIP LOCKED}, which H2 lacks.
 */
public final class JdbcOutbox implements Outbox {

  /** Longest error text kept per delivery. */
  static final int MAX_ERROR = 500;

  private static final String PREFIX = "dlv_";

  private static final String SELECT =
      "SELECT d.id AS d_id, d.consumer, d.subscription_id, d.state, d.attempts,"
          + " d.next_attempt_at, d.last_attempt_at, d.last_error, d.delivered_at, m.id AS m_id,"
          + " m.tenant, m.topic, m.subject, m.payload, m.created_at FROM outbox_deliveries d JOIN"
          + " outbox_messages m ON m.seq = d.message_seq ";

  private final Jdbi jdbi;

  public JdbcOutbox(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public boolean enqueue(OutboxMessage message) {
    if (message == null) {
      throw new IllegalArgumentException("message must not be null");
    }
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  Connection connection = h.getConnection();
                  try {
                    return OutboxWrites.insert(connection, List.of(message)) == 1;
                  } catch (SQLException e) {
                    throw new StoreException("cannot write to the outbox: " + e.getMessage(), e);
                  }
                }));
  }

  @Override
  public List<Delivery> claim(String consumer, int limit, Duration lease, Instant now) {
    if (consumer == null || now == null || lease == null || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("consumer, a positive lease and now are required");
    }
    if (limit < 1 || limit > MAX_CLAIM) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_CLAIM);
    }
    String token = UUID.randomUUID().toString();
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  int claimed =
                      h.createUpdate(
                              "UPDATE outbox_deliveries SET lease_token = :token, lease_until ="
                                  + " :until WHERE id IN (SELECT id FROM outbox_deliveries WHERE"
                                  + " consumer = :consumer AND state = 'pending' AND"
                                  + " next_attempt_at <= :now AND (lease_until IS NULL OR"
                                  + " lease_until <= :now) ORDER BY next_attempt_at, id LIMIT"
                                  + " :limit) AND state = 'pending' AND (lease_until IS NULL OR"
                                  + " lease_until <= :now)")
                          .bind("token", token)
                          .bind("until", Times.write(now.plus(lease)))
                          .bind("consumer", consumer)
                          .bind("now", Times.write(now))
                          .bind("limit", limit)
                          .execute();
                  if (claimed == 0) {
                    return List.of();
                  }
                  return h.createQuery(
                          SELECT + "WHERE d.lease_token = :token ORDER BY d.next_attempt_at, d.id")
                      .bind("token", token)
                      .map((rs, ctx) -> read(rs))
                      .list();
                }));
  }

  @Override
  public void markDelivered(String id, Instant at) {
    outcome(
        id,
        at,
        "UPDATE outbox_deliveries SET state = 'delivered', attempts = attempts + 1,"
            + " last_attempt_at = :at, last_error = NULL, delivered_at = :at, lease_token = NULL,"
            + " lease_until = NULL WHERE id = :id AND state = 'pending'",
        null,
        null);
  }

  @Override
  public void markFailed(String id, Instant at, String error, Instant nextAttemptAt) {
    if (nextAttemptAt == null) {
      throw new IllegalArgumentException("nextAttemptAt must be set");
    }
    outcome(
        id,
        at,
        "UPDATE outbox_deliveries SET attempts = attempts + 1, last_attempt_at = :at,"
            + " last_error = :error, next_attempt_at = :next, lease_token = NULL,"
            + " lease_until = NULL WHERE id = :id AND state = 'pending'",
        requireError(error),
        nextAttemptAt);
  }

  @Override
  public void markDead(String id, Instant at, String error) {
    outcome(
        id,
        at,
        "UPDATE outbox_deliveries SET state = 'dead', attempts = attempts + 1,"
            + " last_attempt_at = :at, last_error = :error, lease_token = NULL,"
            + " lease_until = NULL WHERE id = :id AND state = 'pending'",
        requireError(error),
        null);
  }

  @Override
  public void release(String id) {
    long key = parse(id).orElseThrow(() -> new IllegalArgumentException("unknown delivery " + id));
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "UPDATE outbox_deliveries SET lease_token = NULL, lease_until = NULL"
                                + " WHERE id = :id AND state = 'pending'")
                        .bind("id", key)
                        .execute()));
  }

  private void outcome(String id, Instant at, String sql, String error, Instant next) {
    if (at == null) {
      throw new IllegalArgumentException("at must be set");
    }
    long key = parse(id).orElseThrow(() -> new IllegalArgumentException("unknown delivery " + id));
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(sql)
                        .bind("id", key)
                        .bind("at", Times.write(at))
                        .bindByType("error", error, String.class)
                        .bind("next", Times.write(next))
                        .execute()));
  }

  private static String requireError(String error) {
    if (error == null || error.isBlank()) {
      throw new IllegalArgumentException("error must say why the attempt failed");
    }
    return error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
  }

  @Override
  public Optional<Delivery> delivery(String subscriptionId, String id) {
    Optional<Long> key = parse(id);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(SELECT + "WHERE d.id = :id AND d.subscription_id = :s")
                        .bind("id", key.get())
                        .bind("s", subscriptionId)
                        .map((rs, ctx) -> read(rs))
                        .findOne()));
  }

  @Override
  public List<Delivery> deliveries(
      String subscriptionId, DeliveryState state, String before, int limit) {
    checkLimit(limit);
    long below = before == null ? Long.MAX_VALUE : parse(before).orElse(Long.MAX_VALUE);
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            SELECT
                                + "WHERE d.subscription_id = :s AND d.id < :before"
                                + (state == null ? "" : " AND d.state = :state")
                                + " ORDER BY d.id DESC LIMIT :limit")
                        .bind("s", subscriptionId)
                        .bind("before", below)
                        .bind("state", state == null ? null : state.wireName())
                        .bind("limit", limit)
                        .map((rs, ctx) -> read(rs))
                        .list()));
  }

  @Override
  public List<OutboxBacklog> backlog(Instant now) {
    if (now == null) {
      throw new IllegalArgumentException("now is required");
    }
    // Three small queries: the pending count and oldest message per consumer go through the
    // (consumer, state, next_attempt_at) index; consumers come from the subscriptions so that one
    // with nothing waiting still reports zeros.
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> {
                  Map<String, long[]> counts = new TreeMap<>();
                  Map<String, Instant> oldest = new HashMap<>();
                  h.createQuery("SELECT DISTINCT consumer FROM outbox_subscriptions")
                      .mapTo(String.class)
                      .forEach(c -> counts.put(c, new long[3]));
                  h.createQuery(
                          "SELECT d.consumer, COUNT(*) AS pending, SUM(CASE WHEN"
                              + " d.next_attempt_at <= :now THEN 1 ELSE 0 END) AS due,"
                              + " MIN(m.created_at) AS oldest FROM outbox_deliveries d JOIN"
                              + " outbox_messages m ON m.seq = d.message_seq WHERE d.state ="
                              + " 'pending' GROUP BY d.consumer")
                      .bind("now", Times.write(now))
                      .map(
                          (rs, ctx) -> {
                            long[] c = counts.computeIfAbsent(rs.getString(1), k -> new long[3]);
                            c[0] = rs.getLong("pending");
                            c[1] = rs.getLong("due");
                            oldest.put(rs.getString(1), Times.read(rs, "oldest"));
                            return c;
                          })
                      .list();
                  h.createQuery(
                          "SELECT consumer, COUNT(*) FROM outbox_deliveries WHERE state = 'dead'"
                              + " GROUP BY consumer")
                      .map(
                          (rs, ctx) -> {
                            long[] c = counts.computeIfAbsent(rs.getString(1), k -> new long[3]);
                            c[2] = rs.getLong(2);
                            return c;
                          })
                      .list();
                  List<OutboxBacklog> backlog = new ArrayList<>(counts.size());
                  counts.forEach(
                      (consumer, c) ->
                          backlog.add(
                              new OutboxBacklog(consumer, c[0], c[1], oldest.get(consumer), c[2])));
                  return backlog;
                }));
  }

  @Override
  public List<Delivery> dead(String consumer, int limit) {
    checkLimit(limit);
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            SELECT
                                + "WHERE d.consumer = :c AND d.state = 'dead' ORDER BY d.id DESC"
                                + " LIMIT :limit")
                        .bind("c", consumer)
                        .bind("limit", limit)
                        .map((rs, ctx) -> read(rs))
                        .list()));
  }

  @Override
  public boolean replay(String subscriptionId, String id, Instant now) {
    Optional<Long> key = parse(id);
    if (key.isEmpty()) {
      return false;
    }
    return Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE outbox_deliveries SET state = 'pending', attempts = 0,"
                                    + " next_attempt_at = :now, delivered_at = NULL,"
                                    + " lease_token = NULL, lease_until = NULL WHERE id = :id AND"
                                    + " subscription_id = :s AND state IN ('dead', 'delivered')")
                            .bind("now", Times.write(now))
                            .bind("id", key.get())
                            .bind("s", subscriptionId)
                            .execute()))
        == 1;
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_CLAIM) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_CLAIM);
    }
  }

  static String wireId(long id) {
    return PREFIX + id;
  }

  /** The row id of {@code dlv_<n>}; empty for anything else. */
  static Optional<Long> parse(String id) {
    if (id == null || !id.startsWith(PREFIX) || id.length() > PREFIX.length() + 18) {
      return Optional.empty();
    }
    try {
      long value = Long.parseLong(id.substring(PREFIX.length()));
      return value > 0 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static Delivery read(ResultSet rs) throws SQLException {
    OutboxMessage message =
        new OutboxMessage(
            rs.getString("m_id"),
            rs.getString("tenant"),
            rs.getString("topic"),
            rs.getString("subject"),
            rs.getString("payload"),
            Times.read(rs, "created_at"));
    return new Delivery(
        wireId(rs.getLong("d_id")),
        rs.getString("consumer"),
        rs.getString("subscription_id"),
        message,
        DeliveryState.fromWire(rs.getString("state")),
        rs.getInt("attempts"),
        Times.read(rs, "next_attempt_at"),
        Times.read(rs, "last_attempt_at"),
        rs.getString("last_error"),
        Times.read(rs, "delivered_at"));
  }
}
