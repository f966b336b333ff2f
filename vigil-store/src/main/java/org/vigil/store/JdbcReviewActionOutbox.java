package org.vigil.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.minors.DeliveryStatus;
import org.vigil.core.minors.ReviewAction;
import org.vigil.core.minors.ReviewActionOutbox;
import org.vigil.core.minors.ReviewFinding;

/** The review-action outbox in {@code minors_review_actions}. */
public final class JdbcReviewActionOutbox implements ReviewActionOutbox {

  private final Jdbi jdbi;

  public JdbcReviewActionOutbox(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public boolean record(
      ReviewFinding finding, ServiceCategory service, String policyVersion, Instant at) {
    // One atomic statement: a check-then-insert let two concurrent reviews both see "absent",
    // and the loser failed on the unique constraint (issue 15, finding 9).
    return Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "INSERT INTO minors_review_actions (created_at, account_id,"
                                    + " country, service, action_name, rules, policy_version)"
                                    + " VALUES (:at, :a, :c, :s, :n, :r, :v) ON CONFLICT DO"
                                    + " NOTHING")
                            .bind("at", Times.write(at))
                            .bind("a", finding.accountId())
                            .bind("c", finding.country())
                            .bind("s", service.wireName())
                            .bind("n", finding.action())
                            .bind("r", String.join(",", finding.rules()))
                            .bind("v", policyVersion)
                            .execute()))
        == 1;
  }

  @Override
  public List<ReviewAction> after(long afterId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more");
    }
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM minors_review_actions WHERE id > :after ORDER BY id"
                                + " LIMIT :limit")
                        .bind("after", afterId)
                        .bind("limit", limit)
                        .map((rs, ctx) -> read(rs))
                        .list()));
  }

  @Override
  public Optional<ReviewAction> oldestUndelivered() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM minors_review_actions WHERE delivered_at IS NULL ORDER BY"
                                + " id LIMIT 1")
                        .map((rs, ctx) -> read(rs))
                        .findOne()));
  }

  @Override
  public void markDelivered(long id, Instant at) {
    // Only an undelivered row changes, so a second worker's late success cannot move the date.
    update(
        "UPDATE minors_review_actions SET delivery_attempts = delivery_attempts + 1,"
            + " last_attempt_at = :at, last_error = :error, delivered_at = :at"
            + " WHERE id = :id AND delivered_at IS NULL",
        id,
        at,
        null);
  }

  @Override
  public void recordFailedAttempt(long id, Instant at, String error) {
    if (error == null || error.isBlank()) {
      throw new IllegalArgumentException("error must say why the attempt failed");
    }
    update(
        "UPDATE minors_review_actions SET delivery_attempts = delivery_attempts + 1,"
            + " last_attempt_at = :at, last_error = :error"
            + " WHERE id = :id AND delivered_at IS NULL",
        id,
        at,
        error.length() > 500 ? error.substring(0, 500) : error);
  }

  private void update(String sql, long id, Instant at, String error) {
    if (at == null) {
      throw new IllegalArgumentException("at must be set");
    }
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(sql)
                        .bind("id", id)
                        .bind("at", Times.write(at))
                        .bindByType("error", error, String.class)
                        .execute()));
  }

  private static ReviewAction read(ResultSet rs) throws SQLException {
    String rules = rs.getString("rules");
    return new ReviewAction(
        rs.getLong("id"),
        Times.read(rs, "created_at"),
        rs.getString("account_id"),
        rs.getString("country"),
        rs.getString("service"),
        rs.getString("action_name"),
        rules.isEmpty() ? List.of() : Arrays.asList(rules.split(",")),
        rs.getString("policy_version"),
        new DeliveryStatus(
            rs.getInt("delivery_attempts"),
            Times.read(rs, "last_attempt_at"),
            rs.getString("last_error"),
            Times.read(rs, "delivered_at")));
  }
}
