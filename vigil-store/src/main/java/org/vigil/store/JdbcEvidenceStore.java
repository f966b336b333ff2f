package org.vigil.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.evidence.EvidenceStore;
import org.vigil.core.evidence.WrappedKey;

/** The vault's metadata in {@code evidence_items} (V120). */
public final class JdbcEvidenceStore implements EvidenceStore {

  private static final String COLUMNS =
      "id, tenant, source, content_id, media_type, size_bytes, sha256, jurisdiction, created_at,"
          + " retain_until, hold_reason, deleted_at";

  private final Jdbi jdbi;

  public JdbcEvidenceStore(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public EvidenceItem insertOrGet(EvidenceItem item, WrappedKey wrappedKey) {
    return Sql.get(() -> jdbi.inTransaction(h -> insertOrGet(h, item, wrappedKey)));
  }

  /** {@link #insertOrGet} inside the caller's transaction (a decision's). */
  static EvidenceItem insertOrGet(Handle h, EvidenceItem item, WrappedKey wrappedKey) {
    int inserted =
        h.createUpdate(
                "INSERT INTO evidence_items ("
                    + COLUMNS
                    + ", wrapped_key, key_id) VALUES (:id, :tenant, :source, :contentId,"
                    + " :mediaType, :size, :sha256, :jurisdiction, :createdAt,"
                    + " :retainUntil, NULL, NULL, :wrappedKey, :keyId) ON CONFLICT DO NOTHING")
            .bind("id", item.id())
            .bind("tenant", item.tenant())
            .bind("source", item.source())
            .bind("contentId", item.contentId())
            .bind("mediaType", item.mediaType())
            .bind("size", item.size())
            .bind("sha256", item.sha256())
            .bind("jurisdiction", item.jurisdiction())
            .bind("createdAt", Times.write(item.createdAt()))
            .bind("retainUntil", Times.write(item.retainUntil()))
            .bind("wrappedKey", wrappedKey.bytes())
            .bind("keyId", wrappedKey.keyId())
            .execute();
    if (inserted == 1) {
      return item;
    }
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM evidence_items WHERE tenant = :tenant AND source = :source"
                + " AND sha256 = :sha256")
        .bind("tenant", item.tenant())
        .bind("source", item.source())
        .bind("sha256", item.sha256())
        .map((rs, ctx) -> read(rs))
        .one();
  }

  @Override
  public Optional<EvidenceItem> find(String id) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT " + COLUMNS + " FROM evidence_items WHERE id = :id")
                        .bind("id", id)
                        .map((rs, ctx) -> read(rs))
                        .findOne()));
  }

  @Override
  public Optional<WrappedKey> wrappedKey(String id) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT wrapped_key, key_id FROM evidence_items WHERE id = :id"
                                + " AND wrapped_key IS NOT NULL")
                        .bind("id", id)
                        .map(
                            (rs, ctx) ->
                                new WrappedKey(rs.getBytes("wrapped_key"), rs.getString("key_id")))
                        .findOne()));
  }

  @Override
  public List<Wrapped> wrappedNotUnder(String keyId, String afterId, int limit) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT id, wrapped_key, key_id FROM evidence_items WHERE id > :after"
                                + " AND deleted_at IS NULL AND wrapped_key IS NOT NULL"
                                + " AND (key_id IS NULL OR key_id <> :keyId) ORDER BY id"
                                + " LIMIT :limit")
                        .bind("after", afterId)
                        .bind("keyId", keyId)
                        .bind("limit", limit)
                        .map(
                            (rs, ctx) ->
                                new Wrapped(
                                    rs.getString("id"),
                                    new WrappedKey(
                                        rs.getBytes("wrapped_key"), rs.getString("key_id"))))
                        .list()));
  }

  @Override
  public boolean replaceWrappedKey(String id, WrappedKey expected, WrappedKey replacement) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                                "UPDATE evidence_items SET wrapped_key = :wrapped, key_id = :keyId"
                                    + " WHERE id = :id AND deleted_at IS NULL"
                                    + " AND wrapped_key = :expected")
                            .bind("id", id)
                            .bind("wrapped", replacement.bytes())
                            .bind("keyId", replacement.keyId())
                            .bind("expected", expected.bytes())
                            .execute()
                        == 1));
  }

  @Override
  public List<KeyCount> countByMasterKey() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT key_id, COUNT(*) AS items FROM evidence_items WHERE"
                                + " deleted_at IS NULL AND wrapped_key IS NOT NULL"
                                + " GROUP BY key_id ORDER BY key_id")
                        .map((rs, ctx) -> new KeyCount(rs.getString("key_id"), rs.getLong("items")))
                        .list()));
  }

  @Override
  public List<EvidenceItem> bySource(String tenant, String source) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM evidence_items WHERE tenant = :tenant AND source = :source"
                                + " ORDER BY created_at, id")
                        .bind("tenant", tenant)
                        .bind("source", source)
                        .map((rs, ctx) -> read(rs))
                        .list()));
  }

  @Override
  public void setHold(String id, String reason, Instant retainUntil) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "UPDATE evidence_items SET hold_reason = :reason, retain_until ="
                                + " :retainUntil WHERE id = :id AND deleted_at IS NULL")
                        .bind("id", id)
                        .bind("reason", reason)
                        .bind("retainUntil", Times.write(retainUntil))
                        .execute()));
  }

  @Override
  public void extendRetention(String id, Instant retainUntil) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "UPDATE evidence_items SET retain_until = :retainUntil WHERE id = :id"
                                + " AND deleted_at IS NULL AND retain_until < :retainUntil")
                        .bind("id", id)
                        .bind("retainUntil", Times.write(retainUntil))
                        .execute()));
  }

  @Override
  public List<EvidenceItem> expired(Instant now, int limit) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM evidence_items WHERE retain_until <= :now AND hold_reason"
                                + " IS NULL AND deleted_at IS NULL ORDER BY retain_until LIMIT"
                                + " :limit")
                        .bind("now", Times.write(now))
                        .bind("limit", limit)
                        .map((rs, ctx) -> read(rs))
                        .list()));
  }

  @Override
  public void markDeleted(String id, Instant at) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "UPDATE evidence_items SET deleted_at = :at, wrapped_key = NULL WHERE"
                                + " id = :id AND hold_reason IS NULL")
                        .bind("id", id)
                        .bind("at", Times.write(at))
                        .execute()));
  }

  @Override
  public boolean exists(String id) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM evidence_items WHERE id = :id")
                            .bind("id", id)
                            .mapTo(Integer.class)
                            .one()
                        > 0));
  }

  private static EvidenceItem read(ResultSet rs) throws SQLException {
    return new EvidenceItem(
        rs.getString("id"),
        rs.getString("tenant"),
        rs.getString("source"),
        rs.getString("content_id"),
        rs.getString("media_type"),
        rs.getLong("size_bytes"),
        rs.getString("sha256"),
        rs.getString("jurisdiction"),
        Times.read(rs, "created_at"),
        Times.read(rs, "retain_until"),
        rs.getString("hold_reason"),
        Times.read(rs, "deleted_at"));
  }
}
