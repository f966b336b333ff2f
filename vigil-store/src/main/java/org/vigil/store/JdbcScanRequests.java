package org.vigil.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.intake.ScanRequestStatus;
import org.vigil.core.intake.ScanRequestStore;

/** Asynchronous scan requests in {@code scan_requests} (V160). */
public final class JdbcScanRequests implements ScanRequestStore {

  private static final String UPSERT =
      "INSERT INTO scan_requests (tenant, request_id, decision_id, content_id, status, reason,"
          + " submitted_at, updated_at) VALUES (:tenant, :requestId, :decisionId, :contentId,"
          + " :status, :reason, :submittedAt, :at) ON CONFLICT (tenant, request_id) DO UPDATE SET"
          + " status = EXCLUDED.status, reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at";

  private final Jdbi jdbi;

  public JdbcScanRequests(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public boolean recordPending(ScanRequestStatus status) {
    return Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        bind(
                                h.createUpdate(
                                    "INSERT INTO scan_requests (tenant, request_id, decision_id,"
                                        + " content_id, status, reason, submitted_at, updated_at)"
                                        + " VALUES (:tenant, :requestId, :decisionId, :contentId,"
                                        + " :status, :reason, :submittedAt, :at) ON CONFLICT DO"
                                        + " NOTHING"),
                                status,
                                ScanRequestStatus.State.PENDING,
                                null,
                                status.submittedAt())
                            .execute()))
        == 1;
  }

  /** One batch in one transaction: a worker marks a whole poll's requests with one commit. */
  @Override
  public void markDecided(java.util.List<ScanRequestStatus> statuses) {
    if (statuses.isEmpty()) {
      return;
    }
    Sql.run(
        () ->
            jdbi.useTransaction(
                h -> {
                  org.jdbi.v3.core.statement.PreparedBatch batch = h.prepareBatch(UPSERT);
                  for (ScanRequestStatus status : statuses) {
                    String contentId = status.contentId();
                    batch
                        .bind("tenant", status.tenant())
                        .bind("requestId", status.requestId())
                        .bind("decisionId", status.decisionId())
                        .bind(
                            "contentId",
                            contentId == null || contentId.length() > 256 ? null : contentId)
                        .bind("status", ScanRequestStatus.State.DECIDED.wireName())
                        .bind("reason", (String) null)
                        .bind("submittedAt", Times.write(status.submittedAt()))
                        .bind("at", Times.write(status.updatedAt()))
                        .add();
                  }
                  batch.execute();
                }));
  }

  @Override
  public void markFailed(ScanRequestStatus status, String reason, Instant at) {
    String bounded = reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 1000);
    upsert(status, ScanRequestStatus.State.FAILED, bounded, at);
  }

  private void upsert(
      ScanRequestStatus status, ScanRequestStatus.State state, String reason, Instant at) {
    Sql.run(
        () ->
            jdbi.useHandle(h -> bind(h.createUpdate(UPSERT), status, state, reason, at).execute()));
  }

  private static org.jdbi.v3.core.statement.Update bind(
      org.jdbi.v3.core.statement.Update update,
      ScanRequestStatus status,
      ScanRequestStatus.State state,
      String reason,
      Instant at) {
    String contentId = status.contentId();
    return update
        .bind("tenant", status.tenant())
        .bind("requestId", status.requestId())
        .bind("decisionId", status.decisionId())
        .bind("contentId", contentId == null || contentId.length() > 256 ? null : contentId)
        .bind("status", state.wireName())
        .bind("reason", reason)
        .bind("submittedAt", Times.write(status.submittedAt()))
        .bind("at", Times.write(at));
  }

  @Override
  public Optional<ScanRequestStatus> find(String tenant, String requestId) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT tenant, request_id, decision_id, content_id, status, reason,"
                                + " submitted_at, updated_at FROM scan_requests WHERE tenant ="
                                + " :tenant AND request_id = :requestId")
                        .bind("tenant", tenant)
                        .bind("requestId", requestId)
                        .map(
                            (rs, ctx) ->
                                new ScanRequestStatus(
                                    rs.getString("request_id"),
                                    rs.getString("tenant"),
                                    rs.getString("decision_id"),
                                    rs.getString("content_id"),
                                    ScanRequestStatus.State.fromWire(rs.getString("status")),
                                    rs.getString("reason"),
                                    Times.read(rs, "submitted_at"),
                                    Times.read(rs, "updated_at")))
                        .findOne()));
  }
}
