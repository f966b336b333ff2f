package org.vigil.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.catalogue.ServiceCategory;
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
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  boolean exists =
                      h.createQuery(
                                  "SELECT COUNT(*) FROM minors_review_actions WHERE account_id = :a"
                                      + " AND service = :s AND action_name = :n AND policy_version ="
                                      + " :v")
                              .bind("a", finding.accountId())
                              .bind("s", service.wireName())
                              .bind("n", finding.action())
                              .bind("v", policyVersion)
                              .mapTo(Long.class)
                              .one()
                          > 0;
                  if (exists) {
                    return false;
                  }
                  h.createUpdate(
                          "INSERT INTO minors_review_actions (created_at, account_id, country,"
                              + " service, action_name, rules, policy_version) VALUES (:at, :a,"
                              + " :c, :s, :n, :r, :v)")
                      .bind("at", Times.write(at))
                      .bind("a", finding.accountId())
                      .bind("c", finding.country())
                      .bind("s", service.wireName())
                      .bind("n", finding.action())
                      .bind("r", String.join(",", finding.rules()))
                      .bind("v", policyVersion)
                      .execute();
                  return true;
                }));
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
                        .map(
                            (rs, ctx) -> {
                              String rules = rs.getString("rules");
                              return new ReviewAction(
                                  rs.getLong("id"),
                                  Times.read(rs, "created_at"),
                                  rs.getString("account_id"),
                                  rs.getString("country"),
                                  rs.getString("service"),
                                  rs.getString("action_name"),
                                  rules.isEmpty() ? List.of() : Arrays.asList(rules.split(",")),
                                  rs.getString("policy_version"));
                            })
                        .list()));
  }
}
