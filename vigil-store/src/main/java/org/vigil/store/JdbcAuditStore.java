package org.vigil.store;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.vigil.core.audit.AuditChain;
import org.vigil.core.audit.AuditEntry;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.audit.AuditPrunings;
import org.vigil.core.audit.AuditStore;

/**
 * The audit chain in {@code audit_log}, with its head in {@code audit_head}. Appends lock the head
 * row, so concurrent writers (threads or servers) are serialised into one unforked chain.
 */
public final class JdbcAuditStore implements AuditStore {

  static final RowMapper<AuditEntry> ENTRY =
      (rs, ctx) ->
          new AuditEntry(
              rs.getLong("seq"),
              Times.read(rs, "occurred_at"),
              rs.getString("actor"),
              rs.getString("action_name"),
              rs.getString("subject"),
              rs.getString("details"),
              rs.getString("prev_hash"),
              rs.getString("entry_hash"));

  private final Jdbi jdbi;
  private final GroupCommitter committer;

  public JdbcAuditStore(Database database) {
    this.jdbi = database.jdbi();
    this.committer = database.groupCommitter();
  }

  /** Group-committed with every other append of this process ({@link GroupCommitter}). */
  @Override
  public AuditEntry append(AuditEvent event, Instant at) {
    return committer.append(GroupCommitter.Entry.audit(List.of(event), at)).get(0);
  }

  /**
   * Appends inside the caller's transaction (a decision and its audit entries commit together):
   * locks the head row, links the event, writes it and moves the head.
   */
  static AuditEntry append(Handle h, AuditEvent event, Instant at) {
    Instant when = AuditChain.normalise(at);
    Head head =
        h.createQuery("SELECT seq, entry_hash FROM audit_head WHERE id = 1 FOR UPDATE")
            .map((rs, ctx) -> new Head(rs.getLong("seq"), rs.getString("entry_hash")))
            .one();
    long seq = head.seq() + 1;
    String hash = AuditChain.link(head.hash(), seq, when, event);
    h.createUpdate(
            "INSERT INTO audit_log (seq, occurred_at, actor, action_name, subject,"
                + " details, prev_hash, entry_hash) VALUES (:seq, :at, :actor,"
                + " :action, :subject, :details, :prev, :hash)")
        .bind("seq", seq)
        .bind("at", Times.write(when))
        .bind("actor", event.actor())
        .bind("action", event.action())
        .bind("subject", event.subject())
        .bind("details", event.detailsJson())
        .bind("prev", head.hash())
        .bind("hash", hash)
        .execute();
    h.createUpdate("UPDATE audit_head SET seq = :seq, entry_hash = :hash WHERE id = 1")
        .bind("seq", seq)
        .bind("hash", hash)
        .execute();
    return new AuditEntry(
        seq,
        when,
        event.actor(),
        event.action(),
        event.subject(),
        event.detailsJson(),
        head.hash(),
        hash);
  }

  @Override
  public Head head() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT seq, entry_hash FROM audit_head WHERE id = 1")
                        .map((rs, ctx) -> new Head(rs.getLong("seq"), rs.getString("entry_hash")))
                        .one()));
  }

  /** By the partial index audit_log_prunings (V193): a handful of rows among billions. */
  static final String PRUNINGS =
      "SELECT * FROM audit_log WHERE action_name = '" + AuditPrunings.ACTION + "' ORDER BY seq";

  @Override
  public List<AuditEntry> prunings() {
    return Sql.get(() -> jdbi.withHandle(h -> h.createQuery(PRUNINGS).map(ENTRY).list()));
  }

  @Override
  public void forEach(Consumer<AuditEntry> sink) {
    Sql.run(
        () ->
            jdbi.useTransaction(
                h ->
                    h.createQuery("SELECT * FROM audit_log ORDER BY seq")
                        .setFetchSize(5000)
                        .map(ENTRY)
                        .forEach(sink)));
  }

  @Override
  public List<AuditEntry> latest(int limit, String subject) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    (subject == null
                            ? h.createQuery(
                                "SELECT * FROM audit_log ORDER BY seq DESC LIMIT :limit")
                            : h.createQuery(
                                    "SELECT * FROM audit_log WHERE subject = :subject ORDER BY seq"
                                        + " DESC LIMIT :limit")
                                .bind("subject", subject))
                        .bind("limit", limit)
                        .map(ENTRY)
                        .list()));
  }

  @Override
  public List<AuditEntry> after(long afterSeq, int limit, String subject) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    (subject == null
                            ? h.createQuery(
                                "SELECT * FROM audit_log WHERE seq > :after ORDER BY seq"
                                    + " LIMIT :limit")
                            : h.createQuery(
                                    "SELECT * FROM audit_log WHERE seq > :after AND subject ="
                                        + " :subject ORDER BY seq LIMIT :limit")
                                .bind("subject", subject))
                        .bind("after", afterSeq)
                        .bind("limit", limit)
                        .map(ENTRY)
                        .list()));
  }
}
