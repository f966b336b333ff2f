package org.vigil.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.actions.WebhookSubscriptions;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.minors.DeliveryStatus;
import org.vigil.core.minors.ReviewAction;
import org.vigil.core.minors.ReviewActionEvents;
import org.vigil.core.minors.ReviewActionOutbox;
import org.vigil.core.minors.ReviewFinding;

/**
 * The review-action list in {@code minors_review_actions}; each new action's webhook message goes
 * to the outbox (V40) in the same transaction. The delivery status shown with an action is that of
 * its delivery to the {@code VIGIL_WEBHOOK_URL} endpoint, or, for actions delivered before the
 * outbox existed, the V11 columns.
 */
public final class JdbcReviewActionOutbox implements ReviewActionOutbox {

  private static final String SELECT =
      "SELECT r.*, d.id AS d_id, d.attempts AS d_attempts, d.last_attempt_at AS d_last,"
          + " d.last_error AS d_error, d.delivered_at AS d_delivered"
          + " FROM minors_review_actions r LEFT JOIN outbox_messages m ON m.id = r.event_id"
          + " LEFT JOIN outbox_deliveries d ON d.message_seq = m.seq AND d.subscription_id = '"
          + WebhookSubscriptions.CONFIGURED_ID
          + "' ";

  private final Jdbi jdbi;

  public JdbcReviewActionOutbox(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public boolean record(
      ReviewFinding finding, ServiceCategory service, String policyVersion, Instant at) {
    String tenant = finding.tenant();
    String eventId =
        ReviewActionEvents.eventId(
            tenant, finding.accountId(), service.wireName(), finding.action(), policyVersion);
    // One atomic statement: a check-then-insert let two concurrent reviews both see "absent",
    // and the loser failed on the unique constraint (issue 15, finding 9).
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  int inserted =
                      h.createUpdate(
                              "INSERT INTO minors_review_actions (tenant, created_at,"
                                  + " account_id, country, service, action_name, rules,"
                                  + " policy_version, event_id) VALUES (:t, :at, :a, :c, :s, :n,"
                                  + " :r, :v, :e) ON CONFLICT DO NOTHING")
                          .bind("t", tenant)
                          .bind("at", Times.write(at))
                          .bind("a", finding.accountId())
                          .bind("c", finding.country())
                          .bind("s", service.wireName())
                          .bind("n", finding.action())
                          .bind("r", String.join(",", finding.rules()))
                          .bind("v", policyVersion)
                          .bind("e", eventId)
                          .execute();
                  if (inserted == 0) {
                    return false;
                  }
                  ReviewAction action =
                      h.createQuery(SELECT + "WHERE r.event_id = :e")
                          .bind("e", eventId)
                          .map((rs, ctx) -> read(rs))
                          .one();
                  enqueue(h, List.of(ReviewActionEvents.message(tenant, action)));
                  return true;
                }));
  }

  private static void enqueue(Handle h, List<OutboxMessage> messages) {
    try {
      OutboxWrites.insert(h.getConnection(), messages);
    } catch (SQLException e) {
      throw new StoreException("cannot write to the outbox: " + e.getMessage(), e);
    }
  }

  /**
   * Gives every action written before the outbox existed (V41) its event id, and puts the ones not
   * yet delivered into the outbox, so an upgrade loses none. Idempotent; run at every open. Such
   * actions predate tenants: they are the default tenant's.
   *
   * @return how many undelivered actions were moved to the outbox
   */
  public int moveToOutbox() {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  List<ReviewAction> old =
                      h.createQuery(SELECT + "WHERE r.event_id IS NULL ORDER BY r.id")
                          .map((rs, ctx) -> read(rs))
                          .list();
                  List<OutboxMessage> undelivered = new ArrayList<>();
                  for (ReviewAction action : old) {
                    OutboxMessage message =
                        ReviewActionEvents.message(ReviewActionEvents.TENANT, action);
                    h.createUpdate("UPDATE minors_review_actions SET event_id = :e WHERE id = :id")
                        .bind("e", message.id())
                        .bind("id", action.id())
                        .execute();
                    if (action.delivery().deliveredAt() == null) {
                      undelivered.add(message);
                    }
                  }
                  enqueue(h, undelivered);
                  return undelivered.size();
                }));
  }

  @Override
  public List<ReviewAction> after(String tenant, long afterId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more");
    }
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            SELECT
                                + "WHERE r.tenant = :t AND r.id > :after ORDER BY r.id LIMIT"
                                + " :limit")
                        .bind("t", tenant)
                        .bind("after", afterId)
                        .bind("limit", limit)
                        .map((rs, ctx) -> read(rs))
                        .list()));
  }

  private static ReviewAction read(ResultSet rs) throws SQLException {
    String rules = rs.getString("rules");
    rs.getLong("d_id");
    DeliveryStatus delivery =
        rs.wasNull()
            ? new DeliveryStatus(
                rs.getInt("delivery_attempts"),
                Times.read(rs, "last_attempt_at"),
                rs.getString("last_error"),
                Times.read(rs, "delivered_at"))
            : new DeliveryStatus(
                rs.getInt("d_attempts"),
                Times.read(rs, "d_last"),
                rs.getString("d_error"),
                Times.read(rs, "d_delivered"));
    return new ReviewAction(
        rs.getLong("id"),
        Times.read(rs, "created_at"),
        rs.getString("account_id"),
        rs.getString("country"),
        rs.getString("service"),
        rs.getString("action_name"),
        rules.isEmpty() ? List.of() : Arrays.asList(rules.split(",")),
        rs.getString("policy_version"),
        delivery);
  }
}
