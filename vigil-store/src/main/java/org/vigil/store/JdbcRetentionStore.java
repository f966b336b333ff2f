package org.vigil.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.actions.Verdict;
import org.vigil.core.audit.AuditEntry;
import org.vigil.core.audit.AuditPrunings;
import org.vigil.core.audit.AuditSigningKey;
import org.vigil.core.records.LegalHold;
import org.vigil.core.records.RetentionStore;

/** Retention deletes and legal holds (V50). */
public final class JdbcRetentionStore implements RetentionStore {

  private final Jdbi jdbi;

  public JdbcRetentionStore(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public int deleteDecisions(
      String verdict, Instant cutoff, AuditSigningKey pruneSignedBy, Batch batch) {
    // Shadow outcomes go with their decision; a held subject keeps both.
    // The verdict as a literal (checked to be a verdict's wire name), so that the planner can use
    // the partial index of allow decisions by time (V180).
    String expired =
        "SELECT d.tenant, d.id FROM decisions d WHERE d.verdict = '"
            + Verdict.fromWire(verdict).wireName()
            + "' AND d.created_at < :cutoff AND NOT EXISTS (SELECT 1 FROM legal_holds l WHERE"
            + " l.tenant = d.tenant AND l.subject = d.subject) ORDER BY d.created_at LIMIT :limit";
    return deleteDecisionIds(expired, cutoff, pruneSignedBy, batch);
  }

  @Override
  public int deleteCourtOrderDecisions(Instant endedBefore, Batch batch) {
    // The refusal's signals carry each order's end (endsAt); a revoked order is kept until that
    // planned end, the later of the two, so nothing goes early. A decision that any other rule
    // also decided (a minimum age, a hash match) is not a court-order record alone and stays.
    String expired =
        "SELECT d.tenant, d.id FROM decisions d WHERE d.kind = 'account_action' AND d.verdict"
            + " <> 'allow'"
            + " AND d.created_at < :cutoff"
            + " AND jsonb_path_exists(d.body::jsonb, '$.signals[*] ? (@.kind == \"court_order\")')"
            + " AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(d.body::jsonb -> 'firedRules') r"
            + "   WHERE coalesce(r ->> 'code', '') <> 'court_order')"
            + " AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(d.body::jsonb -> 'signals') s"
            + "   WHERE s ->> 'kind' = 'court_order'"
            + "   AND (s ->> 'endsAt' IS NULL OR (s ->> 'endsAt')::timestamptz >= :cutoff))"
            + " AND NOT EXISTS (SELECT 1 FROM legal_holds l WHERE l.tenant = d.tenant"
            + "   AND l.subject = d.subject)"
            + " ORDER BY d.created_at LIMIT :limit";
    return deleteDecisionIds(expired, endedBefore, null, batch);
  }

  @Override
  public int deleteCourtOrderDenialCounts(Instant endedBefore, Batch batch) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h ->
                    audited(
                        h,
                        batch,
                        h.createUpdate(
                                "DELETE FROM court_order_denials WHERE id IN (SELECT c.id FROM"
                                    + " court_order_denials c JOIN court_orders o ON o.id ="
                                    + " c.order_id WHERE LEAST(o.ends_at, COALESCE(o.revoked_at,"
                                    + " o.ends_at)) < :cutoff LIMIT :limit)")
                            .bind("cutoff", Times.write(endedBefore))
                            .bind("limit", batch.limit())
                            .execute())));
  }

  /** Appends the batch's audit entry in its transaction when it deleted anything. */
  private static int audited(Handle h, Batch batch, int deleted) {
    if (deleted > 0) {
      JdbcAuditStore.append(h, batch.audited().apply(deleted), batch.at());
    }
    return deleted;
  }

  /** A batch's shadow outcomes, by their index (tenant, decision_id) (V192). */
  static final String DELETE_SHADOWS =
      "DELETE FROM decision_shadows s USING unnest(:tenants, :ids) AS x(tenant, id)"
          + " WHERE s.tenant = x.tenant AND s.decision_id = x.id";

  /** A batch's decisions, by the primary key (tenant, id) (V191). */
  static final String DELETE_DECISIONS =
      "DELETE FROM decisions d USING unnest(:tenants, :ids) AS x(tenant, id)"
          + " WHERE d.tenant = x.tenant AND d.id = x.id";

  /**
   * The entries that recorded a batch's decisions (by audit_log_subject), returned for checking and
   * for the pruning entry; entries about a decision made later (a review, an appeal) stay.
   */
  static final String DELETE_RECORDING_ENTRIES =
      "DELETE FROM audit_log WHERE subject = ANY(:subjects) AND (action_name = 'scan.decide' OR"
          + " action_name LIKE 'decide.%') RETURNING *";

  private record DecisionKey(String tenant, String id) {}

  /**
   * Deletes the decisions {@code selectIds} names (tenant, id) with their shadow outcomes, and with
   * the audit entries that recorded them when {@code pruneSignedBy} is not null; audits the batch.
   */
  private int deleteDecisionIds(
      String selectIds, Instant cutoff, AuditSigningKey pruneSignedBy, Batch batch) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  List<DecisionKey> keys =
                      h.createQuery(selectIds)
                          .bind("cutoff", Times.write(cutoff))
                          .bind("limit", batch.limit())
                          .map((rs, ctx) -> new DecisionKey(rs.getString(1), rs.getString(2)))
                          .list();
                  List<String> ids = keys.stream().map(DecisionKey::id).toList();
                  if (ids.isEmpty()) {
                    return 0;
                  }
                  List<String> tenants = keys.stream().map(DecisionKey::tenant).toList();
                  h.createUpdate(DELETE_SHADOWS)
                      .bindArray("tenants", String.class, tenants)
                      .bindArray("ids", String.class, ids)
                      .execute();
                  int deleted =
                      h.createUpdate(DELETE_DECISIONS)
                          .bindArray("tenants", String.class, tenants)
                          .bindArray("ids", String.class, ids)
                          .execute();
                  if (pruneSignedBy != null) {
                    pruneRecordingEntries(h, ids, cutoff, batch.at(), pruneSignedBy);
                  }
                  return audited(h, batch, deleted);
                }));
  }

  private static void pruneRecordingEntries(
      Handle h, List<String> decisionIds, Instant cutoff, Instant at, AuditSigningKey key) {
    List<String> subjects = decisionIds.stream().map(id -> "decision:" + id).toList();
    List<AuditEntry> pruned =
        h.createQuery(DELETE_RECORDING_ENTRIES)
            .bindArray("subjects", String.class, subjects)
            .map(JdbcAuditStore.ENTRY)
            .list();
    if (!pruned.isEmpty()) {
      // Checked before the transaction commits: an entry that does not verify fails it, and
      // nothing of the batch is deleted.
      List<AuditPrunings.Range> ranges = AuditPrunings.ranges(pruned);
      JdbcAuditStore.append(
          h, AuditPrunings.event(ranges, AuditPrunings.noMatchDecisions(cutoff), key), at);
    }
  }

  @Override
  public void hold(String tenant, String subject, String reason, String by, Instant at) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO legal_holds (tenant, subject, reason, created_at,"
                                + " created_by) VALUES (:tenant, :subject, :reason, :at, :by) ON"
                                + " CONFLICT (tenant, subject) DO UPDATE SET reason ="
                                + " EXCLUDED.reason, created_at = EXCLUDED.created_at, created_by"
                                + " = EXCLUDED.created_by")
                        .bind("tenant", tenant)
                        .bind("subject", subject)
                        .bind("reason", reason)
                        .bind("at", Times.write(at))
                        .bind("by", by)
                        .execute()));
  }

  @Override
  public boolean release(String tenant, String subject) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "DELETE FROM legal_holds WHERE tenant = :tenant AND subject ="
                                    + " :subject")
                            .bind("tenant", tenant)
                            .bind("subject", subject)
                            .execute())
                > 0);
  }

  @Override
  public List<LegalHold> holds(String tenant) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT tenant, subject, reason, created_at, created_by FROM"
                                + " legal_holds WHERE tenant = :tenant ORDER BY created_at,"
                                + " subject")
                        .bind("tenant", tenant)
                        .map(
                            (rs, ctx) ->
                                new LegalHold(
                                    rs.getString("tenant"),
                                    rs.getString("subject"),
                                    rs.getString("reason"),
                                    Times.read(rs, "created_at"),
                                    rs.getString("created_by")))
                        .list()));
  }
}
