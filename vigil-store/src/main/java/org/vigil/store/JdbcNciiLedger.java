package org.vigil.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.vigil.core.review.NciiLedger;

/** The ncii bank ledger (V102): signals held by ncii removals, and reversed removals. */
public final class JdbcNciiLedger implements NciiLedger {

  private static final RowMapper<Entry> ENTRY =
      (rs, ctx) ->
          new Entry(
              rs.getString("tenant"),
              rs.getString("decision_id"),
              rs.getString("case_id"),
              rs.getString("bank"),
              rs.getLong("signal_id"),
              rs.getString("signal_type"));

  private final Jdbi jdbi;

  public JdbcNciiLedger(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public void hold(Entry entry, Instant at) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO review_ncii_signals (decision_id, bank, signal_id,"
                                + " tenant, case_id, signal_type, added_at) VALUES (:decision,"
                                + " :bank, :signal, :tenant, :case, :type, :at) ON CONFLICT"
                                + " (decision_id, bank, signal_id) DO NOTHING")
                        .bind("decision", entry.decisionId())
                        .bind("bank", entry.bank())
                        .bind("signal", entry.signalId())
                        .bind("tenant", entry.tenant())
                        .bind("case", entry.caseId())
                        .bind("type", entry.type())
                        .bind("at", Times.write(at))
                        .execute()));
  }

  @Override
  public List<Entry> held(String tenant, String decisionId) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM review_ncii_signals WHERE tenant = :tenant AND"
                                + " decision_id = :decision ORDER BY signal_id")
                        .bind("tenant", tenant)
                        .bind("decision", decisionId)
                        .map(ENTRY)
                        .list()));
  }

  @Override
  public void reverse(String tenant, String decisionId, String reversedBy, Instant at) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO review_ncii_reversals (decision_id, tenant, reversed_by,"
                                + " reversed_at) VALUES (:decision, :tenant, :by, :at) ON CONFLICT"
                                + " (decision_id) DO NOTHING")
                        .bind("decision", decisionId)
                        .bind("tenant", tenant)
                        .bind("by", reversedBy)
                        .bind("at", Times.write(at))
                        .execute()));
  }

  @Override
  public boolean reversed(String tenant, String decisionId) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                                "SELECT COUNT(*) FROM review_ncii_reversals WHERE tenant = :tenant"
                                    + " AND decision_id = :decision")
                            .bind("tenant", tenant)
                            .bind("decision", decisionId)
                            .mapTo(Long.class)
                            .one()
                        > 0));
  }

  @Override
  public boolean heldByOthers(String bank, long signalId, String decisionId) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                                "SELECT COUNT(*) FROM review_ncii_signals s WHERE s.bank = :bank AND"
                                    + " s.signal_id = :signal AND s.decision_id <> :decision AND NOT"
                                    + " EXISTS (SELECT 1 FROM review_ncii_reversals r WHERE"
                                    + " r.decision_id = s.decision_id)")
                            .bind("bank", bank)
                            .bind("signal", signalId)
                            .bind("decision", decisionId)
                            .mapTo(Long.class)
                            .one()
                        > 0));
  }
}
