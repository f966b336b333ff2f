package org.vigil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.json.Json;
import org.vigil.core.scan.Decision;
import org.vigil.core.scan.DecisionStore;

/**
 * Decisions in the {@code decisions} table: the indexed columns for queries, the whole decision as
 * JSON so that what was answered is exactly what is retrieved later.
 */
public final class JdbcDecisionStore implements DecisionStore {

  private final Jdbi jdbi;

  public JdbcDecisionStore(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public void insert(Decision decision) {
    String body;
    try {
      body = Json.MAPPER.writeValueAsString(decision);
    } catch (JsonProcessingException e) {
      throw new StoreException("decision is not serialisable", e);
    }
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO decisions (id, created_at, verdict, body) VALUES (:id,"
                                + " :at, :verdict, :body)")
                        .bind("id", decision.decisionId())
                        .bind("at", Times.write(decision.createdAt()))
                        .bind("verdict", decision.verdict())
                        .bind("body", body)
                        .execute()));
  }

  @Override
  public Optional<Decision> find(String decisionId) {
    Optional<String> body =
        Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createQuery("SELECT body FROM decisions WHERE id = :id")
                            .bind("id", decisionId)
                            .mapTo(String.class)
                            .findOne()));
    return body.map(
        json -> {
          try {
            return Json.MAPPER.readValue(json, Decision.class);
          } catch (JsonProcessingException e) {
            throw new StoreException("stored decision " + decisionId + " is unreadable", e);
          }
        });
  }
}
