package org.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.vigil.core.actions.OutboxMessage;

/**
 * Writes outbox messages and their deliveries on a connection the caller owns, so a decision (or
 * anything else) and the messages it causes commit in one transaction: a store writing a {@code
 * DecisionCommit} calls {@link #insert(Connection, List)} inside its own transaction, before its
 * commit. Plain JDBC, for the group-commit path.
 *
 * <p>Each message is inserted once per id ({@code ON CONFLICT DO NOTHING}, one atomic statement, so
 * concurrent writers of the same id neither fail nor duplicate); only a new message gets
 * deliveries: one per live subscription of its tenant whose topics include the message's topic or
 * {@code *}.
 */
final class OutboxWrites {

  private static final String INSERT_MESSAGE =
      "INSERT INTO outbox_messages (id, tenant, topic, subject, payload, created_at)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private static final String FAN_OUT =
      "INSERT INTO outbox_deliveries (consumer, subscription_id, message_seq, state, attempts,"
          + " next_attempt_at) SELECT s.consumer, s.id, m.seq, 'pending', 0, m.created_at"
          + " FROM outbox_messages m JOIN outbox_subscriptions s ON s.tenant = m.tenant"
          + " AND s.deleted_at IS NULL WHERE m.id = ? AND EXISTS (SELECT 1 FROM"
          + " outbox_subscription_topics t WHERE t.subscription_id = s.id AND (t.topic = m.topic"
          + " OR t.topic = '*'))";

  private OutboxWrites() {}

  /**
   * Inserts {@code messages} and their deliveries on {@code connection}, in its transaction.
   *
   * @return how many messages were new
   */
  static int insert(Connection connection, List<OutboxMessage> messages) throws SQLException {
    int inserted = 0;
    if (messages.isEmpty()) {
      return 0;
    }
    try (PreparedStatement message = connection.prepareStatement(INSERT_MESSAGE);
        PreparedStatement fanOut = connection.prepareStatement(FAN_OUT)) {
      for (OutboxMessage m : messages) {
        message.setString(1, m.id());
        message.setString(2, m.tenant());
        message.setString(3, m.topic());
        message.setString(4, m.subject());
        message.setString(5, m.payloadJson());
        message.setObject(6, Times.write(m.createdAt()));
        if (message.executeUpdate() == 1) {
          fanOut.setString(1, m.id());
          fanOut.executeUpdate();
          inserted++;
        }
      }
    }
    return inserted;
  }
}
