package org.vigil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.vigil.core.banks.NewSignal;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.Opinion;
import org.vigil.core.banks.exchanges.SignalOpinion;
import org.vigil.core.json.Json;

/**
 * Rows of {@code signal_opinions} (V140) for the feedback loop: read by the negative banks, and
 * written in the same transaction as the moderator decision that gave them ({@link
 * GroupCommitter}).
 */
final class OpinionRows {

  static final String SELECT =
      "SELECT id, tenant, signal_type, hash_value, bank_name, signal_id, exchange_name, origin,"
          + " opinion, category, tags, given_by, given_at, case_id, decision_id FROM"
          + " signal_opinions";

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private OpinionRows() {}

  static SignalOpinion read(ResultSet rs) throws SQLException {
    long signalId = rs.getLong("signal_id");
    boolean hasSignal = !rs.wasNull();
    List<String> tags;
    try {
      tags = Json.MAPPER.readValue(rs.getString("tags"), STRINGS);
    } catch (JsonProcessingException e) {
      throw new StoreException("unreadable opinion tags: " + e.getOriginalMessage(), e);
    }
    return new SignalOpinion(
        rs.getLong("id"),
        rs.getString("tenant"),
        SignalType.fromWire(rs.getString("signal_type")),
        rs.getString("hash_value"),
        rs.getString("bank_name"),
        hasSignal ? signalId : null,
        rs.getString("exchange_name"),
        SignalOpinion.Origin.fromWire(rs.getString("origin")),
        new Opinion(
            Opinion.Kind.fromWire(rs.getString("opinion")),
            rs.getString("category"),
            tags,
            rs.getString("given_by"),
            Times.read(rs, "given_at")),
        rs.getString("case_id"),
        rs.getString("decision_id"));
  }

  /** Inserts opinions on the caller's connection (its transaction). */
  static void insert(Connection connection, List<SignalOpinion> opinions, Instant recordedAt)
      throws SQLException {
    if (opinions.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO signal_opinions (tenant, signal_type, hash_value, bank_name, signal_id,"
                + " exchange_name, origin, opinion, category, tags, given_by, given_at, case_id,"
                + " decision_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?)")) {
      for (SignalOpinion o : opinions) {
        insert.setString(1, o.tenant());
        insert.setString(2, o.type().wireName());
        insert.setString(
            3, JdbcBankStore.key(new NewSignal(o.type(), o.value(), null, null, null)));
        insert.setString(4, o.bank());
        insert.setObject(5, o.signalId());
        insert.setString(6, o.exchange());
        insert.setString(7, o.origin().wireName());
        insert.setString(8, o.opinion().kind().wireName());
        String category = o.opinion().category();
        insert.setString(
            9,
            category == null || category.length() <= NewSignal.MAX_TEXT
                ? category
                : category.substring(0, NewSignal.MAX_TEXT));
        try {
          insert.setString(10, Json.MAPPER.writeValueAsString(o.opinion().tags()));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
        insert.setString(11, o.opinion().by());
        insert.setObject(12, Times.write(o.opinion().at()));
        insert.setString(13, o.caseId());
        insert.setString(14, o.decisionId());
        insert.setObject(15, Times.write(recordedAt));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
