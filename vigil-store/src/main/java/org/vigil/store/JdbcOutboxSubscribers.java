package org.vigil.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.actions.OutboxSubscribers;

/** Subscribers of non-webhook outbox consumers, in {@code outbox_subscriptions} (V40). */
public final class JdbcOutboxSubscribers implements OutboxSubscribers {

  private final Jdbi jdbi;

  public JdbcOutboxSubscribers(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public boolean ensure(
      String id, String tenant, String consumer, List<String> topics, Instant at) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  boolean exists =
                      h.createQuery("SELECT COUNT(*) FROM outbox_subscriptions WHERE id = :id")
                              .bind("id", id)
                              .mapTo(Long.class)
                              .one()
                          > 0;
                  if (exists) {
                    h.createUpdate(
                            "UPDATE outbox_subscriptions SET tenant = :t, consumer = :c,"
                                + " deleted_at = NULL WHERE id = :id")
                        .bind("t", tenant)
                        .bind("c", consumer)
                        .bind("id", id)
                        .execute();
                    h.createUpdate(
                            "DELETE FROM outbox_subscription_topics WHERE subscription_id = :id")
                        .bind("id", id)
                        .execute();
                  } else {
                    h.createUpdate(
                            "INSERT INTO outbox_subscriptions (id, tenant, consumer, created_at)"
                                + " VALUES (:id, :t, :c, :at)")
                        .bind("id", id)
                        .bind("t", tenant)
                        .bind("c", consumer)
                        .bind("at", Times.write(at))
                        .execute();
                  }
                  for (String topic : topics) {
                    h.createUpdate(
                            "INSERT INTO outbox_subscription_topics (subscription_id, topic)"
                                + " VALUES (:id, :topic)")
                        .bind("id", id)
                        .bind("topic", topic)
                        .execute();
                  }
                  return !exists;
                }));
  }
}
