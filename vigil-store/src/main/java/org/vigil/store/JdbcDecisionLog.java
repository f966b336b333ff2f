package org.vigil.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.vigil.core.records.CommitScope;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.records.DecisionLog;
import org.vigil.core.records.DecisionPage;
import org.vigil.core.records.DecisionQuery;
import org.vigil.core.records.DecisionRecord;

/**
 * Decision records in the {@code decisions} table: indexed columns to find them, the rest of the
 * record as JSON ({@link DecisionBodies}) so that what was answered is exactly what is read back.
 * Writes are group-committed ({@link GroupCommitter}): one transaction per batch of concurrent
 * commits, each caller returning once its batch is on disk.
 */
public final class JdbcDecisionLog implements DecisionLog {

  private final Jdbi jdbi;
  private final GroupCommitter committer;

  public JdbcDecisionLog(Database database) {
    this.jdbi = database.jdbi();
    this.committer = database.groupCommitter();
  }

  /**
   * Group-committed with every other append of this process ({@link GroupCommitter}). Inside a
   * {@link CommitScope} the entry is only queued and its commit registered with the scope; a
   * failure then reaches the scope as the {@link StoreException} this method would have thrown.
   */
  @Override
  public void append(DecisionCommit commit) {
    DecisionRecord decision = commit.decision();
    String body = DecisionBodies.write(decision);
    List<GroupCommitter.ShadowRow> shadows = new ArrayList<>();
    for (org.vigil.core.records.PolicyOutcome shadow : decision.shadow()) {
      shadows.add(
          new GroupCommitter.ShadowRow(
              decision.id(),
              shadow.policyVersion(),
              decision.tenant(),
              decision.createdAt(),
              decision.verdict().wireName(),
              shadow.verdict().wireName()));
    }
    GroupCommitter.Entry entry =
        new GroupCommitter.Entry(
            new GroupCommitter.DecisionRow(
                decision.id(),
                decision.createdAt(),
                decision.verdict().wireName(),
                body,
                decision.tenant(),
                decision.kind().wireName(),
                decision.subject(),
                decision.policyVersion()),
            shadows,
            commit.audit(),
            commit.outbox(),
            commit.opinions(),
            decision.createdAt());
    CommitScope scope = CommitScope.current();
    if (scope == null) {
      committer.append(entry);
    } else {
      scope.defer(() -> committer.submit(entry));
    }
  }

  @Override
  public Optional<DecisionRecord> find(String tenant, String id) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + DecisionBodies.COLUMNS
                                + " FROM decisions WHERE id = :id AND tenant = :tenant")
                        .bind("id", id)
                        .bind("tenant", tenant)
                        .map((rs, ctx) -> DecisionBodies.read(rs))
                        .findOne()));
  }

  @Override
  public DecisionPage query(DecisionQuery q) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT " + DecisionBodies.COLUMNS + " FROM decisions WHERE tenant = :tenant");
    if (q.subject() != null) {
      sql.append(" AND subject = :subject");
    }
    // Kind and verdict as literals (enums' wire names), so that the planner can use the partial
    // indexes of kinds other than content (V190) and of verdicts other than allow (V180).
    if (q.kind() != null) {
      sql.append(" AND kind = '").append(q.kind().wireName()).append("'");
    }
    if (q.verdict() != null) {
      sql.append(" AND verdict = '").append(q.verdict().wireName()).append("'");
    }
    if (q.from() != null) {
      sql.append(" AND created_at >= :from");
    }
    if (q.to() != null) {
      sql.append(" AND created_at < :to");
    }
    if (q.after() != null) {
      sql.append(" AND id < :after");
    }
    // One more than asked tells whether another page follows.
    sql.append(" ORDER BY id DESC LIMIT :limit");
    List<DecisionRecord> rows =
        Sql.get(
            () ->
                jdbi.withHandle(
                    h -> {
                      Query query = h.createQuery(sql.toString()).bind("tenant", q.tenant());
                      if (q.subject() != null) {
                        query.bind("subject", q.subject());
                      }
                      if (q.from() != null) {
                        query.bind("from", Times.write(q.from()));
                      }
                      if (q.to() != null) {
                        query.bind("to", Times.write(q.to()));
                      }
                      if (q.after() != null) {
                        query.bind("after", q.after());
                      }
                      return query
                          .bind("limit", q.limit() + 1)
                          .map((rs, ctx) -> DecisionBodies.read(rs))
                          .list();
                    }));
    if (rows.size() <= q.limit()) {
      return new DecisionPage(rows, null);
    }
    List<DecisionRecord> page = new ArrayList<>(rows.subList(0, q.limit()));
    return new DecisionPage(page, page.get(page.size() - 1).id());
  }

  @Override
  public void forEach(String tenant, Instant from, Instant to, Consumer<DecisionRecord> sink) {
    Sql.run(
        () ->
            jdbi.useTransaction(
                h ->
                    h.createQuery(
                            "SELECT "
                                + DecisionBodies.COLUMNS
                                + " FROM decisions WHERE tenant = :tenant AND created_at >= :from"
                                + " AND created_at < :to ORDER BY id")
                        .bind("tenant", tenant)
                        .bind("from", Times.write(from))
                        .bind("to", Times.write(to))
                        .setFetchSize(1000)
                        .map((rs, ctx) -> DecisionBodies.read(rs))
                        .forEach(sink)));
  }

  @Override
  public void forEachShadowedBy(
      String tenant, String policyVersion, Consumer<DecisionRecord> sink) {
    Sql.run(
        () ->
            jdbi.useTransaction(
                h ->
                    h.createQuery(
                            "SELECT "
                                + DecisionBodies.COLUMNS_OF_D
                                + " FROM decision_shadows s JOIN decisions d ON d.id ="
                                + " s.decision_id WHERE s.policy_version = :version AND d.tenant"
                                + " = :tenant ORDER BY d.id")
                        .bind("tenant", tenant)
                        .bind("version", policyVersion)
                        .setFetchSize(1000)
                        .map((rs, ctx) -> DecisionBodies.read(rs))
                        .forEach(sink)));
  }
}
