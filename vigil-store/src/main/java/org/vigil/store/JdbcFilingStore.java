package org.vigil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.json.Json;
import org.vigil.core.reports.Filing;
import org.vigil.core.reports.FilingStore;

/** Filings in {@code report_filings} (V121): indexed columns plus the whole state as JSON. */
public final class JdbcFilingStore implements FilingStore {

  private final Jdbi jdbi;

  public JdbcFilingStore(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public Filing createOrGet(Filing filing) {
    return Sql.get(() -> jdbi.inTransaction(h -> createOrGet(h, filing)));
  }

  /** {@link #createOrGet} inside the caller's transaction (a decision's). */
  static Filing createOrGet(Handle h, Filing filing) {
    h.createUpdate(
            "INSERT INTO report_filings (id, tenant, case_id, state, report_id,"
                + " body, updated_at) VALUES (:id, :tenant, :caseId, :state,"
                + " :reportId, :body, :at) ON CONFLICT DO NOTHING")
        .bind("id", filing.id())
        .bind("tenant", filing.tenant())
        .bind("caseId", filing.caseId())
        .bind("state", filing.state().name())
        .bind("reportId", filing.reportId())
        .bind("body", json(filing))
        .bind("at", Times.write(Instant.now()))
        .execute();
    return h.createQuery("SELECT body FROM report_filings WHERE tenant = :a AND case_id = :b")
        .bind("a", filing.tenant())
        .bind("b", filing.caseId())
        .mapTo(String.class)
        .findOne()
        .map(JdbcFilingStore::read)
        .orElseThrow();
  }

  @Override
  public Optional<Filing> find(String id) {
    return one("SELECT body FROM report_filings WHERE id = :a", id, null);
  }

  @Override
  public Optional<Filing> byCase(String tenant, String caseId) {
    return one(
        "SELECT body FROM report_filings WHERE tenant = :a AND case_id = :b", tenant, caseId);
  }

  @Override
  public void save(Filing filing) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "UPDATE report_filings SET state = :state, report_id = :reportId, body"
                                + " = :body, updated_at = :at WHERE id = :id")
                        .bind("id", filing.id())
                        .bind("state", filing.state().name())
                        .bind("reportId", filing.reportId())
                        .bind("body", json(filing))
                        .bind("at", Times.write(Instant.now()))
                        .execute()));
  }

  @Override
  public java.util.List<Filing> sending(int limit) {
    java.util.List<String> bodies =
        Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createQuery(
                                "SELECT body FROM report_filings WHERE state = 'SENDING' ORDER BY"
                                    + " updated_at LIMIT :limit")
                            .bind("limit", limit)
                            .mapTo(String.class)
                            .list()));
    java.util.List<Filing> filings = new java.util.ArrayList<>();
    for (String body : bodies) {
      filings.add(read(body));
    }
    return filings;
  }

  private static Filing read(String text) {
    try {
      return Json.MAPPER.readValue(text, Filing.class);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored filing is unreadable", e);
    }
  }

  private Optional<Filing> one(String sql, String a, String b) {
    Optional<String> body =
        Sql.get(
            () ->
                jdbi.withHandle(
                    h -> {
                      var query = h.createQuery(sql).bind("a", a);
                      if (b != null) {
                        query.bind("b", b);
                      }
                      return query.mapTo(String.class).findOne();
                    }));
    return body.map(JdbcFilingStore::read);
  }

  private static String json(Filing filing) {
    try {
      return Json.MAPPER.writeValueAsString(filing);
    } catch (JsonProcessingException e) {
      throw new StoreException("filing is not serialisable", e);
    }
  }
}
