package org.vigil.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.review.Appeal;
import org.vigil.core.review.CaseDecision;
import org.vigil.core.review.CaseFile;
import org.vigil.core.review.CaseQuery;
import org.vigil.core.review.CaseState;
import org.vigil.core.review.CaseStore;
import org.vigil.core.review.DecisionGround;
import org.vigil.core.review.ModerationAction;
import org.vigil.core.review.Notice;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.Priority;
import org.vigil.core.review.ReporterKind;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.review.StoredStatement;

/**
 * Cases, notices, decisions, appeals and statements in the {@code review_*} tables (V100). Every
 * change to a case bumps its {@code version}; conditional updates compare it, so a change made from
 * a stale view writes nothing. Claims are one conditional UPDATE: the database, not the process,
 * decides who holds a case, so two servers sharing it never hand one case to two moderators.
 */
public final class JdbcCaseStore implements CaseStore {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String RESTRICTIONS =
      "('remove', 'restrict_visibility', 'age_restrict', 'label', 'suspend_account')";

  private static final RowMapper<ReviewCase> CASE = (rs, ctx) -> reviewCase(rs);

  private static final RowMapper<Notice> NOTICE =
      (rs, ctx) ->
          new Notice(
              rs.getString("id"),
              rs.getString("tenant"),
              rs.getString("case_id"),
              new NoticeTarget(
                  rs.getString("content_id"),
                  rs.getString("account_id"),
                  rs.getString("content_url"),
                  rs.getString("content_type")),
              NoticeCategory.fromWire(rs.getString("category")),
              rs.getString("explanation"),
              ReporterKind.fromWire(rs.getString("reporter_kind")),
              rs.getString("reporter_ref"),
              rs.getString("reporter_contact"),
              rs.getString("content_language"),
              Times.read(rs, "received_at"));

  private static final RowMapper<CaseDecision> DECISION =
      (rs, ctx) ->
          new CaseDecision(
              rs.getString("decision_id"),
              rs.getString("tenant"),
              rs.getString("case_id"),
              ModerationAction.fromWire(rs.getString("action_name")),
              rs.getString("ground") == null
                  ? null
                  : DecisionGround.fromWire(rs.getString("ground")),
              rs.getString("legal_ground"),
              rs.getString("explanation"),
              rs.getString("reply"),
              rs.getString("decided_by"),
              Times.read(rs, "decided_at"),
              rs.getBoolean("on_appeal"),
              rs.getString("puid"));

  private static final RowMapper<Appeal> APPEAL =
      (rs, ctx) ->
          new Appeal(
              rs.getString("id"),
              rs.getString("tenant"),
              rs.getString("case_id"),
              rs.getString("decision_id"),
              rs.getString("reason"),
              Times.read(rs, "filed_at"),
              Times.read(rs, "decided_at"),
              rs.getString("decided_by"),
              rs.getString("outcome"));

  private static final RowMapper<StoredStatement> STATEMENT =
      (rs, ctx) ->
          new StoredStatement(
              rs.getString("puid"),
              rs.getString("tenant"),
              rs.getString("case_id"),
              rs.getString("decision_id"),
              Times.read(rs, "created_at"),
              rs.getString("plain_json"),
              rs.getString("transparency_json"),
              Times.read(rs, "filed_at"),
              rs.getString("filing_error"));

  private final Jdbi jdbi;

  public JdbcCaseStore(Database database) {
    this.jdbi = database.jdbi();
  }

  private static ReviewCase reviewCase(ResultSet rs) throws SQLException {
    return new ReviewCase(
        rs.getString("id"),
        rs.getString("tenant"),
        new NoticeTarget(
            rs.getString("content_id"),
            rs.getString("account_id"),
            rs.getString("content_url"),
            rs.getString("content_type")),
        NoticeCategory.fromWire(rs.getString("category")),
        rs.getString("queue"),
        Priority.fromWire(rs.getString("priority")),
        Times.read(rs, "deadline"),
        CaseState.fromWire(rs.getString("state")),
        rs.getString("claimed_by"),
        Times.read(rs, "claim_expires_at"),
        rs.getInt("notice_count"),
        rs.getInt("reporter_count"),
        rs.getBoolean("trusted_flagger"),
        rs.getBoolean("minor_involved"),
        rs.getString("source"),
        rs.getString("policy_decision_id"),
        rs.getBoolean("escalated"),
        rs.getBoolean("appeal_pending"),
        rs.getInt("version"),
        Times.read(rs, "created_at"),
        Times.read(rs, "updated_at"));
  }

  static String openKey(String tenant, String contentId) {
    return tenant.length() + ":" + tenant + ":" + contentId;
  }

  @Override
  public Admission admit(
      String tenant,
      NoticeTarget target,
      NoticeCategory category,
      Notice notice,
      String newCaseId,
      String source,
      String policyDecisionId,
      Instant now,
      Placer placer) {
    // Two first notices on the same content race to open the case; the loser's INSERT violates
    // open_key's uniqueness, its transaction rolls back, and the retry finds the winner's case.
    for (int attempt = 0; ; attempt++) {
      try {
        return jdbi.inTransaction(
            h ->
                admitOnce(
                    h,
                    tenant,
                    target,
                    category,
                    notice,
                    newCaseId,
                    source,
                    policyDecisionId,
                    now,
                    placer));
      } catch (JdbiException e) {
        if (attempt < 3 && isUniqueViolation(e)) {
          continue;
        }
        throw new StoreException("database call failed: " + e.getMessage(), e);
      }
    }
  }

  static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Admits inside the caller's transaction (a decision's, see JdbcPolicyActionStore). */
  Admission admitOnce(
      Handle h,
      String tenant,
      NoticeTarget target,
      NoticeCategory category,
      Notice notice,
      String newCaseId,
      String source,
      String policyDecisionId,
      Instant now,
      Placer placer) {
    String key = openKey(tenant, target.contentId());
    ReviewCase existing =
        h.createQuery("SELECT * FROM review_cases WHERE open_key = :key FOR UPDATE")
            .bind("key", key)
            .map(CASE)
            .findOne()
            .orElse(null);
    String caseId = existing != null ? existing.id() : newCaseId;
    if (existing == null) {
      h.createUpdate(
              "INSERT INTO review_cases (id, tenant, content_id, account_id, content_url,"
                  + " content_type, category, queue, priority, priority_rank, deadline, state,"
                  + " open_key, notice_count, reporter_count, trusted_flagger, minor_involved,"
                  + " source, policy_decision_id, escalated, appeal_pending, version, created_at,"
                  + " updated_at) VALUES (:id, :tenant, :content, :account, :url, :type,"
                  + " :category, '', 'normal', 1, :now, 'open', :key, 0, 0, FALSE, FALSE, :source,"
                  + " :policy, FALSE, FALSE, 0, :now, :now)")
          .bind("id", caseId)
          .bind("tenant", tenant)
          .bind("content", target.contentId())
          .bind("account", target.accountId())
          .bind("url", target.url())
          .bind("type", target.contentType())
          .bind("category", category.wireName())
          .bind("now", Times.write(now))
          .bind("key", key)
          .bind("source", source)
          .bind("policy", policyDecisionId)
          .execute();
    }
    Notice stored = null;
    if (notice != null) {
      stored =
          new Notice(
              notice.id(),
              tenant,
              caseId,
              notice.target(),
              notice.category(),
              notice.explanation(),
              notice.reporterKind(),
              notice.reporterRef(),
              notice.reporterContact(),
              notice.language(),
              notice.receivedAt());
      h.createUpdate(
              "INSERT INTO review_notices (id, tenant, case_id, content_id, account_id,"
                  + " content_url, content_type, category, explanation, reporter_kind,"
                  + " reporter_ref, reporter_contact, content_language, received_at) VALUES (:id,"
                  + " :tenant, :case, :content, :account, :url, :type, :category, :explanation,"
                  + " :kind, :ref, :contact, :language, :at)")
          .bind("id", stored.id())
          .bind("tenant", tenant)
          .bind("case", caseId)
          .bind("content", stored.target().contentId())
          .bind("account", stored.target().accountId())
          .bind("url", stored.target().url())
          .bind("type", stored.target().contentType())
          .bind("category", stored.category().wireName())
          .bind("explanation", stored.explanation())
          .bind("kind", stored.reporterKind().wireName())
          .bind("ref", stored.reporterRef())
          .bind("contact", stored.reporterContact())
          .bind("language", stored.language())
          .bind("at", Times.write(stored.receivedAt()))
          .execute();
    }
    int notices =
        h.createQuery("SELECT COUNT(*) FROM review_notices WHERE case_id = :case")
            .bind("case", caseId)
            .mapTo(Integer.class)
            .one();
    // Distinct named reporters, plus each anonymous notice (nothing says two are the same person).
    int reporters =
        h.createQuery(
                "SELECT COUNT(DISTINCT reporter_ref) + COALESCE(SUM(CASE WHEN reporter_ref IS"
                    + " NULL THEN 1 ELSE 0 END), 0) FROM review_notices WHERE case_id = :case")
            .bind("case", caseId)
            .mapTo(Integer.class)
            .findOne()
            .orElse(0);
    boolean trusted =
        h.createQuery(
                    "SELECT COUNT(*) FROM review_notices WHERE case_id = :case AND reporter_kind ="
                        + " 'trusted_flagger'")
                .bind("case", caseId)
                .mapTo(Integer.class)
                .one()
            > 0;
    String account =
        existing != null && existing.target().accountId() != null
            ? existing.target().accountId()
            : target.accountId();
    int restrictions = account == null ? 0 : accountRestrictions(h, tenant, account);
    Placement placement =
        placer.place(new AdmissionFacts(existing, category, reporters, trusted, restrictions));
    h.createUpdate(
            "UPDATE review_cases SET category = :category, queue = :queue, priority = :priority,"
                + " priority_rank = :rank, deadline = :deadline, minor_involved = :minor,"
                + " notice_count = :notices, reporter_count = :reporters, trusted_flagger ="
                + " :trusted, account_id = COALESCE(account_id, :account), content_url ="
                + " COALESCE(content_url, :url), content_type = COALESCE(content_type, :type),"
                + " version = version + 1, updated_at = :now WHERE id = :id")
        .bind("category", placement.category().wireName())
        .bind("queue", placement.queue())
        .bind("priority", placement.priority().wireName())
        .bind("rank", placement.priority().rank())
        .bind("deadline", Times.write(placement.deadline()))
        .bind("minor", placement.minorInvolved())
        .bind("notices", notices)
        .bind("reporters", reporters)
        .bind("trusted", trusted)
        .bind("account", target.accountId())
        .bind("url", target.url())
        .bind("type", target.contentType())
        .bind("now", Times.write(now))
        .bind("id", caseId)
        .execute();
    ReviewCase after =
        h.createQuery("SELECT * FROM review_cases WHERE id = :id")
            .bind("id", caseId)
            .map(CASE)
            .one();
    return new Admission(after, stored, existing == null);
  }

  /** Restrictions decided on the account's cases, less those reversed on appeal. */
  private static int accountRestrictions(Handle h, String tenant, String account) {
    return h.createQuery(
            "SELECT COALESCE(SUM(CASE WHEN d.action_name IN "
                + RESTRICTIONS
                + " THEN 1 WHEN d.action_name = 'restore' THEN -1 ELSE 0 END), 0) FROM"
                + " review_decisions d JOIN review_cases c ON c.id = d.case_id WHERE c.tenant ="
                + " :tenant AND c.account_id = :account")
        .bind("tenant", tenant)
        .bind("account", account)
        .mapTo(Integer.class)
        .one();
  }

  @Override
  public Optional<ReviewCase> find(String tenant, String caseId) {
    return Sql.get(() -> jdbi.withHandle(h -> find(h, tenant, caseId)));
  }

  private static Optional<ReviewCase> find(Handle h, String tenant, String caseId) {
    return h.createQuery("SELECT * FROM review_cases WHERE id = :id AND tenant = :tenant")
        .bind("id", caseId)
        .bind("tenant", tenant)
        .map(CASE)
        .findOne();
  }

  @Override
  public Optional<CaseFile> file(String tenant, String caseId) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h ->
                    find(h, tenant, caseId)
                        .map(
                            c ->
                                new CaseFile(
                                    c,
                                    h.createQuery(
                                            "SELECT * FROM review_notices WHERE case_id = :case"
                                                + " ORDER BY received_at, id")
                                        .bind("case", caseId)
                                        .map(NOTICE)
                                        .list(),
                                    h.createQuery(
                                            "SELECT * FROM review_decisions WHERE case_id = :case"
                                                + " ORDER BY decided_at, decision_id")
                                        .bind("case", caseId)
                                        .map(DECISION)
                                        .list(),
                                    h.createQuery(
                                            "SELECT * FROM review_appeals WHERE case_id = :case"
                                                + " ORDER BY filed_at, id")
                                        .bind("case", caseId)
                                        .map(APPEAL)
                                        .list()))));
  }

  @Override
  public List<ReviewCase> list(CaseQuery q) {
    StringBuilder sql = new StringBuilder("SELECT * FROM review_cases WHERE tenant = :tenant");
    if (q.queue() != null) {
      sql.append(" AND queue = :queue");
    }
    if (q.state() != null) {
      sql.append(" AND state = :state");
    }
    if (q.category() != null) {
      sql.append(" AND category = :category");
    }
    if (q.accountId() != null) {
      sql.append(" AND account_id = :account");
    }
    if (Boolean.TRUE.equals(q.overdue())) {
      sql.append(" AND state <> 'decided' AND deadline < :now");
    } else if (Boolean.FALSE.equals(q.overdue())) {
      sql.append(" AND (state = 'decided' OR deadline >= :now)");
    }
    // Most pressing first: overdue, then priority, then the nearest deadline.
    sql.append(
        " ORDER BY CASE WHEN state <> 'decided' AND deadline < :now THEN 0 ELSE 1 END,"
            + " CASE WHEN state = 'decided' THEN 1 ELSE 0 END, priority_rank DESC, deadline, id"
            + " LIMIT :limit");
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> {
                  Query query =
                      h.createQuery(sql.toString())
                          .bind("tenant", q.tenant())
                          .bind("now", Times.write(q.now()))
                          .bind("limit", q.limit());
                  if (q.queue() != null) {
                    query.bind("queue", q.queue());
                  }
                  if (q.state() != null) {
                    query.bind("state", q.state().wireName());
                  }
                  if (q.category() != null) {
                    query.bind("category", q.category().wireName());
                  }
                  if (q.accountId() != null) {
                    query.bind("account", q.accountId());
                  }
                  return query.map(CASE).list();
                }));
  }

  @Override
  public Optional<ReviewCase> claim(
      String tenant, String caseId, String moderator, Instant now, Instant until) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  int changed =
                      h.createUpdate(
                              "UPDATE review_cases SET state = 'claimed', claimed_by = :who,"
                                  + " claim_expires_at = :until, version = version + 1, updated_at"
                                  + " = :now WHERE id = :id AND tenant = :tenant AND (state IN"
                                  + " ('open', 'appealed') OR (state = 'claimed' AND"
                                  + " (claim_expires_at <= :now OR claimed_by = :who)))")
                          .bind("who", moderator)
                          .bind("until", Times.write(until))
                          .bind("now", Times.write(now))
                          .bind("id", caseId)
                          .bind("tenant", tenant)
                          .execute();
                  return changed == 1 ? find(h, tenant, caseId) : Optional.<ReviewCase>empty();
                }));
  }

  @Override
  public boolean release(String tenant, String caseId, String moderator) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                                "UPDATE review_cases SET state = CASE WHEN appeal_pending THEN"
                                    + " 'appealed' ELSE 'open' END, claimed_by = NULL,"
                                    + " claim_expires_at = NULL, version = version + 1 WHERE id ="
                                    + " :id AND tenant = :tenant AND state = 'claimed' AND"
                                    + " claimed_by = :who")
                            .bind("id", caseId)
                            .bind("tenant", tenant)
                            .bind("who", moderator)
                            .execute()
                        == 1));
  }

  @Override
  public boolean recordDecision(
      ReviewCase expected,
      CaseDecision decision,
      StoredStatement statement,
      String appealOutcome,
      Instant now,
      DecisionCommit spine) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  if (!closeDecided(h, expected, now)) {
                    return false;
                  }
                  insertDecision(h, decision);
                  if (spine != null) {
                    DecisionWriter.write(h, spine, spine.decision());
                  }
                  if (statement != null) {
                    insertStatement(h, statement);
                  }
                  if (appealOutcome != null) {
                    h.createUpdate(
                            "UPDATE review_appeals SET decided_at = :now, decided_by = :who,"
                                + " outcome = :outcome WHERE case_id = :case AND outcome IS NULL")
                        .bind("now", Times.write(now))
                        .bind("who", decision.decidedBy())
                        .bind("outcome", appealOutcome)
                        .bind("case", expected.id())
                        .execute();
                  }
                  return true;
                }));
  }

  /**
   * Marks the case decided if it is still at the version the caller read (optimistic lock); false
   * when another moderator's decision or a claim changed it first.
   */
  private static boolean closeDecided(Handle h, ReviewCase expected, Instant now) {
    return h.createUpdate(
                "UPDATE review_cases SET state = 'decided', open_key = NULL, claimed_by = NULL,"
                    + " claim_expires_at = NULL, appeal_pending = FALSE, version = version + 1,"
                    + " updated_at = :now WHERE id = :id AND version = :version")
            .bind("now", Times.write(now))
            .bind("id", expected.id())
            .bind("version", expected.version())
            .execute()
        == 1;
  }

  @Override
  public boolean recordCoveredDecision(
      ReviewCase expected,
      CaseDecision decision,
      List<AuditEvent> audit,
      List<OutboxMessage> outbox,
      Instant now) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  if (!closeDecided(h, expected, now)) {
                    return false;
                  }
                  insertDecision(h, decision);
                  for (AuditEvent event : audit) {
                    JdbcAuditStore.append(h, event, decision.decidedAt());
                  }
                  if (!outbox.isEmpty()) {
                    try {
                      OutboxWrites.insert(h.getConnection(), outbox);
                    } catch (SQLException e) {
                      throw new StoreException(
                          "cannot enqueue outbox messages: " + e.getMessage(), e);
                    }
                  }
                  return true;
                }));
  }

  private static void insertDecision(Handle h, CaseDecision d) {
    h.createUpdate(
            "INSERT INTO review_decisions (case_id, decision_id, tenant, action_name, ground,"
                + " legal_ground, explanation, reply, decided_by, decided_at, on_appeal, puid)"
                + " VALUES (:case, :decision, :tenant, :action, :ground, :legal, :explanation,"
                + " :reply, :by, :at, :appeal, :puid)")
        .bind("case", d.caseId())
        .bind("decision", d.decisionId())
        .bind("tenant", d.tenant())
        .bind("action", d.action().wireName())
        .bind("ground", d.ground() == null ? null : d.ground().wireName())
        .bind("legal", d.legalGround())
        .bind("explanation", d.explanation())
        .bind("reply", d.reply())
        .bind("by", d.decidedBy())
        .bind("at", Times.write(d.decidedAt()))
        .bind("appeal", d.onAppeal())
        .bind("puid", d.puid())
        .execute();
  }

  private static void insertStatement(Handle h, StoredStatement s) {
    h.createUpdate(
            "INSERT INTO review_statements (puid, tenant, case_id, decision_id, created_at,"
                + " plain_json, transparency_json) VALUES (:puid, :tenant, :case, :decision, :at,"
                + " :plain, :tdb)")
        .bind("puid", s.puid())
        .bind("tenant", s.tenant())
        .bind("case", s.caseId())
        .bind("decision", s.decisionId())
        .bind("at", Times.write(s.createdAt()))
        .bind("plain", s.plainJson())
        .bind("tdb", s.transparencyJson())
        .execute();
  }

  @Override
  public boolean fileAppeal(ReviewCase expected, Appeal appeal, Instant deadline, Instant now) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  int changed =
                      h.createUpdate(
                              "UPDATE review_cases SET state = 'appealed', appeal_pending = TRUE,"
                                  + " deadline = :deadline, escalated = FALSE, version = version +"
                                  + " 1, updated_at = :now WHERE id = :id AND version = :version"
                                  + " AND state = 'decided'")
                          .bind("deadline", Times.write(deadline))
                          .bind("now", Times.write(now))
                          .bind("id", expected.id())
                          .bind("version", expected.version())
                          .execute();
                  if (changed != 1) {
                    return false;
                  }
                  h.createUpdate(
                          "INSERT INTO review_appeals (id, tenant, case_id, decision_id, reason,"
                              + " filed_at) VALUES (:id, :tenant, :case, :decision, :reason, :at)")
                      .bind("id", appeal.id())
                      .bind("tenant", appeal.tenant())
                      .bind("case", appeal.caseId())
                      .bind("decision", appeal.decisionId())
                      .bind("reason", appeal.reason())
                      .bind("at", Times.write(appeal.filedAt()))
                      .execute();
                  return true;
                }));
  }

  @Override
  public List<ReviewCase> dueForEscalation(Instant now, int limit) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM review_cases WHERE state <> 'decided' AND escalated ="
                                + " FALSE AND deadline < :now ORDER BY deadline LIMIT :limit")
                        .bind("now", Times.write(now))
                        .bind("limit", limit)
                        .map(CASE)
                        .list()));
  }

  @Override
  public boolean escalate(ReviewCase expected, String queue, Priority priority, Instant now) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                                "UPDATE review_cases SET queue = :queue, priority = :priority,"
                                    + " priority_rank = :rank, escalated = TRUE, version = version"
                                    + " + 1, updated_at = :now WHERE id = :id AND version ="
                                    + " :version")
                            .bind("queue", queue)
                            .bind("priority", priority.wireName())
                            .bind("rank", priority.rank())
                            .bind("now", Times.write(now))
                            .bind("id", expected.id())
                            .bind("version", expected.version())
                            .execute()
                        == 1));
  }

  @Override
  public int releaseExpiredClaims(Instant now) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE review_cases SET state = CASE WHEN appeal_pending THEN"
                                + " 'appealed' ELSE 'open' END, claimed_by = NULL,"
                                + " claim_expires_at = NULL, version = version + 1 WHERE state ="
                                + " 'claimed' AND claim_expires_at <= :now")
                        .bind("now", Times.write(now))
                        .execute()));
  }

  @Override
  public Optional<StoredStatement> statement(String tenant, String caseId) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT s.* FROM review_statements s JOIN review_decisions d ON d.puid"
                                + " = s.puid WHERE d.tenant = :tenant AND d.case_id = :case ORDER"
                                + " BY d.decided_at DESC LIMIT 1")
                        .bind("tenant", tenant)
                        .bind("case", caseId)
                        .map(STATEMENT)
                        .findOne()));
  }

  @Override
  public Optional<StoredStatement> statementByPuid(String puid) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM review_statements WHERE puid = :puid")
                        .bind("puid", puid)
                        .map(STATEMENT)
                        .findOne()));
  }

  @Override
  public void markFiled(String puid, Instant at) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "UPDATE review_statements SET filed_at = COALESCE(filed_at, :at),"
                                + " filing_error = NULL WHERE puid = :puid")
                        .bind("at", Times.write(at))
                        .bind("puid", puid)
                        .execute()));
  }

  /**
   * Gives the tenant's statements that are neither filed nor rejected a delivery on {@code
   * subscriptionId}, due at {@code now}, unless they have one there: for a tenant given a
   * Transparency Database token after it made statements (its subscription starts with the token,
   * and the outbox gives deliveries only to messages stored after a subscription). Statements whose
   * {@code statement.created} message the retention job already deleted cannot be queued.
   *
   * @return how many were queued
   */
  public int queueUnfiledStatements(
      String tenant, String subscriptionId, String consumer, Instant now) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO outbox_deliveries (consumer, subscription_id,"
                                + " message_seq, state, attempts, next_attempt_at) SELECT"
                                + " :consumer, :sub, m.seq, 'pending', 0, :now FROM"
                                + " review_statements r JOIN outbox_messages m ON m.id = 'msg_'"
                                + " || r.puid AND m.tenant = r.tenant WHERE r.tenant = :tenant"
                                + " AND r.filed_at IS NULL AND r.filing_error IS NULL AND NOT"
                                + " EXISTS (SELECT 1 FROM outbox_deliveries d WHERE"
                                + " d.subscription_id = :sub AND d.message_seq = m.seq)")
                        .bind("consumer", consumer)
                        .bind("sub", subscriptionId)
                        .bind("now", Times.write(now))
                        .bind("tenant", tenant)
                        .execute()));
  }

  @Override
  public void markRejected(String puid, String error) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "UPDATE review_statements SET filing_error = :error WHERE puid ="
                                + " :puid AND filed_at IS NULL")
                        .bind("error", error)
                        .bind("puid", puid)
                        .execute()));
  }

  @Override
  public Map<String, Long> counts(String tenant) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> {
                  Map<String, Long> counts = new LinkedHashMap<>();
                  counts.put("notices", count(h, "SELECT COUNT(*) FROM review_notices", tenant));
                  for (CaseState state : CaseState.values()) {
                    counts.put(
                        "cases." + state.wireName(),
                        h.createQuery(
                                "SELECT COUNT(*) FROM review_cases WHERE tenant = :tenant AND"
                                    + " state = :state")
                            .bind("tenant", tenant)
                            .bind("state", state.wireName())
                            .mapTo(Long.class)
                            .one());
                  }
                  counts.put(
                      "decisions", count(h, "SELECT COUNT(*) FROM review_decisions", tenant));
                  counts.put("appeals", count(h, "SELECT COUNT(*) FROM review_appeals", tenant));
                  counts.put(
                      "appeals.reversed",
                      count(
                          h,
                          "SELECT COUNT(*) FROM review_appeals WHERE outcome = 'reversed'",
                          tenant));
                  counts.put(
                      "statements", count(h, "SELECT COUNT(*) FROM review_statements", tenant));
                  counts.put(
                      "statements.filed",
                      count(
                          h,
                          "SELECT COUNT(*) FROM review_statements WHERE filed_at IS NOT NULL",
                          tenant));
                  return counts;
                }));
  }

  private static long count(Handle h, String sql, String tenant) {
    String where = sql.contains(" WHERE ") ? " AND tenant = :tenant" : " WHERE tenant = :tenant";
    return h.createQuery(sql + where).bind("tenant", tenant).mapTo(Long.class).one();
  }
}
