package org.vigil.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.Verdict;
import org.vigil.core.json.Json;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.records.FiredRule;
import org.vigil.core.records.PolicyOutcome;
import org.vigil.core.signal.Signal;

/**
 * The {@code decisions.body} column: the part of a decision record that has no column of its own.
 *
 * <p>Layout: id, time, verdict, tenant, kind, subject and policy version live in their columns
 * (they are what decisions are found by), so the body holds only signals, fired rules, actions, the
 * caller, the context, the case and the shadow outcomes, and leaves out lists that are empty (the
 * record's constructor makes them empty again). A scan by hash that matched nothing keeps 144 bytes
 * of body ({@code {"requestedBy":"key:…","context":{"hashes":{"pdq":"…"},"platform":{}}}}) instead
 * of the whole record's 358, and its row with its indexes 530 bytes instead of 955 (docs/store.md,
 * "Bytes per scan"). A record read back is equal to the one written: {@code JdbcDecisionLogTest}
 * round-trips every kind of signal, and rows written before V180 (the whole record as JSON) still
 * read, their duplicated fields ignored in favour of the columns.
 *
 * <p>Why not fewer bytes still (a separate table for no-match scans, or no body at all): every
 * decision must stay one record that re-evaluates exactly under another policy, is listed and found
 * by the same queries and is pruned by the same retention rules; the body of a no-match scan is
 * already mostly its hashes and the platform's context, which the record must keep.
 */
public final class DecisionBodies {

  private DecisionBodies() {}

  /** The columns a body is read with, in {@link #read}'s order. */
  static final String COLUMNS =
      "id, created_at, verdict, tenant, kind, subject, policy_version, body";

  /** The same columns of table alias {@code d}. */
  static final String COLUMNS_OF_D =
      "d.id, d.created_at, d.verdict, d.tenant, d.kind, d.subject, d.policy_version, d.body";

  /**
   * What the body holds. Fields of the columns, present in rows written before V180, are ignored.
   */
  @JsonIgnoreProperties({
    "id",
    "tenant",
    "kind",
    "subject",
    "policyVersion",
    "verdict",
    "createdAt"
  })
  record Body(
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Signal> signals,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FiredRule> firedRules,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Action> actions,
      @JsonInclude(JsonInclude.Include.NON_NULL) String requestedBy,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> context,
      @JsonInclude(JsonInclude.Include.NON_NULL) String caseId,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PolicyOutcome> shadow) {}

  private static final ObjectWriter WRITER = Json.MAPPER.writerFor(Body.class);
  private static final ObjectReader READER = Json.MAPPER.readerFor(Body.class);

  /** The body of {@code decision}. */
  public static String write(DecisionRecord decision) {
    try {
      return WRITER.writeValueAsString(
          new Body(
              decision.signals(),
              decision.firedRules(),
              decision.actions(),
              decision.requestedBy(),
              decision.context(),
              decision.caseId(),
              decision.shadow()));
    } catch (JsonProcessingException e) {
      throw new StoreException("decision not serialisable: " + e.getOriginalMessage(), e);
    }
  }

  /** The record of a row selected with {@link #COLUMNS} (or {@link #COLUMNS_OF_D}). */
  static DecisionRecord read(ResultSet rs) throws SQLException {
    String id = rs.getString(1);
    Body body;
    try {
      body = READER.readValue(rs.getString(8));
    } catch (JsonProcessingException e) {
      throw new StoreException("stored decision " + id + " is unreadable", e);
    }
    return new DecisionRecord(
        id,
        rs.getString(4),
        DecisionKind.fromWire(rs.getString(5)),
        rs.getString(6),
        body.signals(),
        rs.getString(7),
        body.firedRules(),
        Verdict.fromWire(rs.getString(3)),
        body.actions(),
        body.requestedBy(),
        Times.read(rs, "created_at"),
        body.context(),
        body.caseId(),
        body.shadow());
  }
}
