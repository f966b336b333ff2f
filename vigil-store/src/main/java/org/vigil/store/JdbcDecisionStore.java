package org.vigil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.json.Json;
import org.vigil.core.scan.Decision;
import org.vigil.core.scan.DecisionStore;

/**
 * Decisions in the {@code decisions} table: the indexed columns for queries, the whole decision as
 * JSON so that what was answered is exactly what is retrieved later. Appends go through the
 * database's {@link GroupCommitter}, with their audit entries in the same transaction.
 */
public final class JdbcDecisionStore implements DecisionStore {

  private final Jdbi jdbi;
  private final GroupCommitter committer;

  public JdbcDecisionStore(Database database) {
    this.jdbi = database.jdbi();
    this.committer = database.groupCommitter();
  }

  @Override
  public void append(Decision decision, AuditEvent audit) {
    String body;
    try {
      body = Json.MAPPER.writeValueAsString(decision);
    } catch (JsonProcessingException e) {
      throw new StoreException("decision is not serialisable", e);
    }
    committer.append(
        new GroupCommitter.Entry(
            new GroupCommitter.DecisionRow(
                decision.decisionId(),
                decision.createdAt(),
                decision.verdict(),
                body,
                "default",
                "content",
                null,
                decision.policyVersion()),
            List.of(),
            List.of(audit),
            List.of(),
            decision.createdAt()));
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
