package org.vigil.store;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.actions.WebhookSubscription;
import org.vigil.core.actions.WebhookSubscriptions;

/**
 * Webhook subscriptions in {@code outbox_subscriptions} (consumer {@code webhook}), their topics
 * and {@code webhook_endpoints} (V40).
 */
public final class JdbcWebhookSubscriptions implements WebhookSubscriptions {

  private static final String SELECT =
      "SELECT s.id, s.tenant, s.created_at, e.url, e.secrets FROM outbox_subscriptions s JOIN"
          + " webhook_endpoints e ON e.subscription_id = s.id WHERE s.consumer = 'webhook' AND"
          + " s.deleted_at IS NULL ";

  private final Jdbi jdbi;

  public JdbcWebhookSubscriptions(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public void create(WebhookSubscription subscription) {
    Sql.run(
        () ->
            jdbi.useTransaction(
                h -> insert(h, subscription, String.join(" ", subscription.secrets()))));
  }

  @Override
  public void putConfigured(WebhookSubscription subscription) {
    Sql.run(
        () ->
            jdbi.useTransaction(
                h -> {
                  List<Boolean> live =
                      h.createQuery(
                              "SELECT deleted_at IS NULL FROM outbox_subscriptions WHERE id = :id")
                          .bind("id", subscription.id())
                          .mapTo(Boolean.class)
                          .list();
                  if (live.isEmpty()) {
                    insert(h, subscription, "");
                  } else {
                    h.createUpdate(
                            "UPDATE outbox_subscriptions SET tenant = :t, deleted_at = NULL"
                                + " WHERE id = :id")
                        .bind("t", subscription.tenant())
                        .bind("id", subscription.id())
                        .execute();
                    h.createUpdate(
                            "UPDATE webhook_endpoints SET url = :url WHERE subscription_id = :id")
                        .bind("url", subscription.url().toString())
                        .bind("id", subscription.id())
                        .execute();
                    h.createUpdate(
                            "DELETE FROM outbox_subscription_topics WHERE subscription_id = :id")
                        .bind("id", subscription.id())
                        .execute();
                    insertTopics(h, subscription);
                  }
                  if (live.isEmpty() || !live.get(0)) {
                    catchUp(h, subscription.id());
                  }
                }));
  }

  /** A delivery to {@code id} for every stored message it wants and has none for. */
  private static void catchUp(Handle h, String id) {
    h.createUpdate(
            "INSERT INTO outbox_deliveries (consumer, subscription_id, message_seq, state,"
                + " attempts, next_attempt_at) SELECT s.consumer, s.id, m.seq, 'pending', 0,"
                + " m.created_at FROM outbox_subscriptions s JOIN outbox_messages m ON m.tenant ="
                + " s.tenant WHERE s.id = :id AND EXISTS (SELECT 1 FROM outbox_subscription_topics"
                + " t WHERE t.subscription_id = s.id AND (t.topic = m.topic OR t.topic = '*')) AND"
                + " NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.subscription_id = s.id"
                + " AND d.message_seq = m.seq)")
        .bind("id", id)
        .execute();
  }

  private static void insert(Handle h, WebhookSubscription s, String secrets) {
    h.createUpdate(
            "INSERT INTO outbox_subscriptions (id, tenant, consumer, created_at) VALUES (:id, :t,"
                + " 'webhook', :at)")
        .bind("id", s.id())
        .bind("t", s.tenant())
        .bind("at", Times.write(s.createdAt()))
        .execute();
    h.createUpdate(
            "INSERT INTO webhook_endpoints (subscription_id, url, secrets) VALUES (:id, :url,"
                + " :secrets)")
        .bind("id", s.id())
        .bind("url", s.url().toString())
        .bind("secrets", secrets)
        .execute();
    insertTopics(h, s);
  }

  private static void insertTopics(Handle h, WebhookSubscription s) {
    for (String event : s.events()) {
      h.createUpdate(
              "INSERT INTO outbox_subscription_topics (subscription_id, topic) VALUES (:id, :topic)")
          .bind("id", s.id())
          .bind("topic", event)
          .execute();
    }
  }

  @Override
  public boolean setSecrets(String tenant, String id, List<String> secrets) {
    return Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE webhook_endpoints SET secrets = :secrets WHERE"
                                    + " subscription_id = (SELECT id FROM outbox_subscriptions"
                                    + " WHERE id = :id AND tenant = :t AND consumer = 'webhook'"
                                    + " AND deleted_at IS NULL)")
                            .bind("secrets", String.join(" ", secrets))
                            .bind("id", id)
                            .bind("t", tenant)
                            .execute()))
        == 1;
  }

  @Override
  public Optional<WebhookSubscription> find(String tenant, String id) {
    return query("AND s.tenant = :t AND s.id = :id", tenant, id).stream().findFirst();
  }

  @Override
  public Optional<WebhookSubscription> find(String id) {
    return query("AND s.id = :id", null, id).stream().findFirst();
  }

  @Override
  public List<WebhookSubscription> list(String tenant) {
    return query("AND s.tenant = :t", tenant, null);
  }

  private List<WebhookSubscription> query(String where, String tenant, String id) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> {
                  List<Row> rows =
                      h.createQuery(SELECT + where + " ORDER BY s.created_at, s.id")
                          .bind("t", tenant)
                          .bind("id", id)
                          .map((rs, ctx) -> row(rs))
                          .list();
                  List<WebhookSubscription> out = new ArrayList<>(rows.size());
                  for (Row row : rows) {
                    List<String> topics =
                        h.createQuery(
                                "SELECT topic FROM outbox_subscription_topics WHERE"
                                    + " subscription_id = :id ORDER BY topic")
                            .bind("id", row.id)
                            .mapTo(String.class)
                            .list();
                    out.add(
                        new WebhookSubscription(
                            row.id, row.tenant, row.url, topics, row.secrets, row.createdAt));
                  }
                  return out;
                }));
  }

  private record Row(String id, String tenant, URI url, List<String> secrets, Instant createdAt) {}

  private static Row row(ResultSet rs) throws SQLException {
    String secrets = rs.getString("secrets");
    return new Row(
        rs.getString("id"),
        rs.getString("tenant"),
        URI.create(rs.getString("url")),
        secrets.isBlank() ? List.of() : Arrays.asList(secrets.split(" ")),
        Times.read(rs, "created_at"));
  }

  @Override
  public boolean delete(String tenant, String id, Instant at) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  int deleted =
                      h.createUpdate(
                              "UPDATE outbox_subscriptions SET deleted_at = :at WHERE id = :id AND"
                                  + " tenant = :t AND consumer = 'webhook' AND deleted_at IS NULL")
                          .bind("at", Times.write(at))
                          .bind("id", id)
                          .bind("t", tenant)
                          .execute();
                  if (deleted == 0) {
                    return false;
                  }
                  h.createUpdate(
                          "UPDATE outbox_deliveries SET state = 'dead', last_error ="
                              + " 'subscription deleted', lease_token = NULL, lease_until = NULL"
                              + " WHERE subscription_id = :id AND state = 'pending'")
                      .bind("id", id)
                      .execute();
                  return true;
                }));
  }
}
