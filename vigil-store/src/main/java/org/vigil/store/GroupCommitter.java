package org.vigil.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.audit.AuditChain;
import org.vigil.core.audit.AuditEntry;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.banks.exchanges.SignalOpinion;

/**
 * Group commit for the records every request writes: a decision row and its audit entries, from any
 * number of request threads, go to disk in one transaction per batch, and each caller returns only
 * after the transaction holding its record has committed (PostgreSQL with {@code synchronous_commit
 * = on}: the WAL is flushed to disk).
 *
 * <p>Why: a commit costs a WAL flush (an fsync) and a few round trips to the server whatever it
 * holds, so one transaction per request caps a 2-core machine at a few thousand durable requests a
 * second; one per batch pays that cost once for everything that arrived while the previous batch
 * was committing. There is no timer: a single writer thread takes what is queued (up to {@link
 * #MAX_BATCH}), writes it, commits and wakes the callers, so under light load a batch is one record
 * and adds no delay, and under heavy load batches grow by themselves. docs/store.md has the
 * measurements.
 *
 * <p>A batch of decisions, audit entries and outbox messages alone (what scans and decide calls
 * write) is one statement, sent in one round trip and committed by itself: the rows travel as
 * arrays ({@code unnest}) and the chain head is updated in the same statement. Why: on a 2-core
 * machine each round trip between this writer and its PostgreSQL backend is two context switches
 * and a few tens of microseconds of CPU on both sides, and the multi-statement transaction took
 * seven of them per batch. The chain is then linked from the head this writer last committed
 * ({@link #head}); if another process (a CLI command, another API node) appended meanwhile, the
 * statement fails on {@code audit_log}'s primary key (the same {@code seq} twice) or on the head's
 * guard, nothing of it is stored, and the batch is written again the locked way below.
 *
 * <p>Otherwise (first batch, after a failure, or a batch carrying shadow outcomes or opinions) the
 * batch is one transaction that links the chain after locking the chain head row ({@code SELECT ...
 * FOR UPDATE}), so appenders in other processes sharing the database still serialise with this one
 * into a single unforked chain.
 *
 * <p>Every audit append of the process goes through here ({@link JdbcAuditStore#append}), so audit
 * entries of decide calls, bank changes and key changes share the batches too.
 *
 * <p>If a batch fails, its records are retried one transaction each, so that one bad record (say, a
 * duplicate id) fails only its own caller.
 */
public final class GroupCommitter implements AutoCloseable {

  /** Largest batch: bounds the transaction's size and the latency of its first caller. */
  static final int MAX_BATCH = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

  /**
   * What one caller appends, all or nothing: an optional decision row with its shadow outcomes,
   * audit events (linked at time {@code at}) and outbox messages. The decision's JSON is serialised
   * by the caller's thread, so that the writer thread only writes.
   */
  public record Entry(
      DecisionRow decision,
      List<ShadowRow> shadows,
      List<AuditEvent> audit,
      List<OutboxMessage> outbox,
      List<SignalOpinion> opinions,
      Instant at) {
    public Entry {
      shadows = List.copyOf(shadows);
      audit = List.copyOf(audit);
      outbox = List.copyOf(outbox);
      opinions = List.copyOf(opinions);
    }

    /** An entry that records no opinion on a signal. */
    public Entry(
        DecisionRow decision,
        List<ShadowRow> shadows,
        List<AuditEvent> audit,
        List<OutboxMessage> outbox,
        Instant at) {
      this(decision, shadows, audit, outbox, List.of(), at);
    }

    /** Audit events alone. */
    public static Entry audit(List<AuditEvent> audit, Instant at) {
      return new Entry(null, List.of(), audit, List.of(), at);
    }
  }

  /** A row of the {@code decisions} table. */
  public record DecisionRow(
      String id,
      Instant createdAt,
      String verdict,
      String body,
      String tenant,
      String kind,
      String subject,
      String policyVersion) {}

  /** A row of {@code decision_shadows}: what a shadow policy would have decided. */
  public record ShadowRow(
      String decisionId,
      String policyVersion,
      String tenant,
      Instant createdAt,
      String liveVerdict,
      String shadowVerdict) {}

  private record Pending(Entry entry, CompletableFuture<List<AuditEntry>> done) {
    Pending(Entry entry) {
      this(entry, new CompletableFuture<>());
    }
  }

  /** The newest link of the audit chain: its sequence number and hash. */
  private record ChainHead(long seq, String hash) {}

  /**
   * The audit chain's head as this writer last committed it, or null when unknown (before the first
   * batch, after a failed one). Read and written by the writer thread only.
   */
  private ChainHead head;

  private final DataSource dataSource;

  /**
   * The connection the one-statement batches are written on, held while batches keep coming and
   * given back after {@link #drain}'s idle poll (null then). Writer thread only. Its session plans
   * prepared statements generically ({@code plan_cache_mode = force_generic_plan}), reset before it
   * goes back to the pool.
   *
   * <p>Why: PostgreSQL plans a prepared statement anew for each execution ("custom plans") as long
   * as those look cheaper than its generic plan, and for {@link #ONE_STATEMENT} they always do,
   * since a custom plan sees how many elements each array holds while the generic plan assumes 100.
   * So every batch paid for planning a five-part statement, in the one backend every answer waits
   * for. With the generic plan, same server, the setting switched between 15 s windows: 8,635,
   * 11,091, 10,243, 9,700 scans/s against 8,586, 8,580, 8,716, 8,249 (docs/store.md, "Planning
   * once").
   */
  private Connection statementConnection;

  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(64 * 1024);
  private final Thread writer;
  private volatile boolean closed;

  /** Set by the writer as it stops: from then on, whatever is queued is failed, not written. */
  private volatile boolean stopped;

  public GroupCommitter(Database database) {
    this.dataSource = database.dataSource();
    this.writer = new Thread(this::drain, "vigil-group-commit");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /**
   * Appends the entry and returns once it is committed to disk.
   *
   * @return the audit entries as linked into the chain, in the order given
   * @throws StoreException when it could not be committed (nothing of it is stored)
   */
  public List<AuditEntry> append(Entry entry) {
    CompletableFuture<List<AuditEntry>> done = submit(entry);
    try {
      return done.get();
    } catch (InterruptedException e) {
      // The record may still commit; the caller is told it did not finish, never that it did.
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the commit", e);
    } catch (ExecutionException e) {
      // submit's futures fail with a StoreException only.
      throw (StoreException) e.getCause();
    }
  }

  /**
   * Queues the entry without waiting: the future completes once the entry is committed to disk
   * (with the audit entries as linked into the chain), or exceptionally with a {@link
   * StoreException} (never anything else) when nothing of it was stored. Why: a caller that can
   * answer later (an HTTP request served asynchronously) need not hold a thread while its batch
   * commits. The future completes on the writer thread: what depends on it should be quick or hand
   * itself elsewhere.
   */
  public CompletableFuture<List<AuditEntry>> submit(Entry entry) {
    Pending pending = new Pending(entry);
    if (closed) {
      pending.done.completeExceptionally(new StoreException("the store is closed", null));
      return pending.done;
    }
    try {
      queue.put(pending);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.done.completeExceptionally(
          new StoreException("interrupted while queueing for the commit", e));
      return pending.done;
    }
    if (stopped) {
      // Queued just as the store closed, perhaps after the writer's last look at the queue: whoever
      // sees it first fails it, so that no caller waits for ever.
      failQueued();
    }
    return pending.done;
  }

  private void drain() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          releaseStatementConnection();
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        commitBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | Error e) {
        // Never let the writer die: every caller waiting on this batch gets the failure.
        StoreException failure = new StoreException("commit failed: " + e.getMessage(), e);
        for (Pending pending : batch) {
          pending.done.completeExceptionally(failure);
        }
      } finally {
        batch.clear();
      }
    }
    releaseStatementConnection();
    stopped = true;
    failQueued();
  }

  private void failQueued() {
    Pending left;
    while ((left = queue.poll()) != null) {
      left.done.completeExceptionally(new StoreException("the store is closed", null));
    }
  }

  private void commitBatch(List<Pending> batch) {
    try {
      List<List<AuditEntry>> linked = write(batch);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).done.complete(linked.get(i));
      }
      return;
    } catch (SQLException e) {
      if (batch.size() == 1) {
        batch.get(0).done.completeExceptionally(failure(e));
        return;
      }
      LOG.warn("group commit of {} records failed ({}); retrying one by one", batch.size(), e);
    }
    for (Pending pending : batch) {
      try {
        pending.done.complete(write(List.of(pending)).get(0));
      } catch (SQLException e) {
        pending.done.completeExceptionally(failure(e));
      }
    }
  }

  private static StoreException failure(SQLException e) {
    return new StoreException("database call failed: " + e.getMessage(), e);
  }

  private List<List<AuditEntry>> write(List<Pending> batch) throws SQLException {
    ChainHead known = head;
    if (known != null && fitsOneStatement(batch)) {
      try {
        return writeInOneStatement(batch, known);
      } catch (SQLException e) {
        // Most likely another process appended to the chain; the locked path reads its head. The
        // connection may be broken too: the next batch takes a fresh one.
        head = null;
        releaseStatementConnection();
        LOG.debug(
            "one-statement batch of {} records failed ({}); writing it locked", batch.size(), e);
      }
    }
    return writeInTransaction(batch);
  }

  /** Decisions, audit entries and outbox messages: what scans and decide calls write. */
  private static boolean fitsOneStatement(List<Pending> batch) {
    for (Pending pending : batch) {
      Entry entry = pending.entry;
      if (!entry.shadows().isEmpty() || !entry.opinions().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private List<List<AuditEntry>> writeInTransaction(List<Pending> batch) throws SQLException {
    head = null;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        writeDecisions(connection, batch);
        writeShadows(connection, batch);
        writeOutbox(connection, batch);
        writeOpinions(connection, batch);
        Linked linked = writeAudit(connection, batch);
        connection.commit();
        head = linked.head();
        return linked.entries();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  /**
   * The whole batch in one statement, committed on its own (autocommit): decision rows, audit
   * entries and outbox messages (with their deliveries) as arrays, and the chain head moved from
   * {@code known} to the batch's last entry. The head's guard ({@code WHERE seq = known}) turns a
   * head moved by someone else into an error (division by zero in the final {@code SELECT}), so
   * that nothing of the batch is committed then; {@code audit_log}'s primary key catches the same
   * case earlier.
   */
  private List<List<AuditEntry>> writeInOneStatement(List<Pending> batch, ChainHead known)
      throws SQLException {
    Linked linked = link(batch, known);
    List<DecisionRow> decisions = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      if (pending.entry.decision() != null) {
        decisions.add(pending.entry.decision());
      }
    }
    List<AuditEntry> entries = linked.rows();
    List<OutboxMessage> messages = new ArrayList<>();
    for (Pending pending : batch) {
      messages.addAll(pending.entry.outbox());
    }
    long[] seqs = new long[entries.size()];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = entries.get(i).seq();
    }
    // In the order of ONE_STATEMENT's placeholders.
    Object[] parameters = {
      column(decisions, DecisionRow::id),
      column(decisions, row -> row.createdAt().toString()),
      column(decisions, DecisionRow::verdict),
      column(decisions, DecisionRow::body),
      column(decisions, DecisionRow::tenant),
      column(decisions, DecisionRow::kind),
      column(decisions, DecisionRow::subject),
      column(decisions, DecisionRow::policyVersion),
      seqs,
      column(entries, entry -> entry.at().toString()),
      column(entries, AuditEntry::actor),
      column(entries, AuditEntry::action),
      column(entries, AuditEntry::subject),
      column(entries, AuditEntry::detailsJson),
      column(entries, AuditEntry::prevHash),
      column(entries, AuditEntry::hash),
      column(messages, OutboxMessage::id),
      column(messages, OutboxMessage::tenant),
      column(messages, OutboxMessage::topic),
      column(messages, OutboxMessage::subject),
      column(messages, OutboxMessage::payloadJson),
      column(messages, message -> message.createdAt().toString())
    };
    Connection connection = statementConnection();
    try (PreparedStatement statement = connection.prepareStatement(ONE_STATEMENT)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.setLong(parameters.length + 1, linked.head().seq());
      statement.setString(parameters.length + 2, linked.head().hash());
      statement.setLong(parameters.length + 3, known.seq());
      statement.execute();
    }
    head = linked.head();
    return linked.entries();
  }

  private Connection statementConnection() throws SQLException {
    if (statementConnection == null) {
      Connection connection = dataSource.getConnection();
      try (Statement set = connection.createStatement()) {
        set.execute("SET plan_cache_mode = force_generic_plan");
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
      statementConnection = connection;
    }
    return statementConnection;
  }

  /**
   * Gives {@link #statementConnection} back to the pool with the session's planning reset, or, if
   * that fails (a broken connection), out of the pool altogether, so that no other user of the pool
   * inherits the setting.
   */
  private void releaseStatementConnection() {
    Connection connection = statementConnection;
    if (connection == null) {
      return;
    }
    statementConnection = null;
    try (Statement reset = connection.createStatement()) {
      reset.execute("RESET plan_cache_mode");
    } catch (SQLException e) {
      if (dataSource instanceof HikariDataSource pool) {
        pool.evictConnection(connection);
        return;
      }
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("closing the group commit's connection failed", e);
    }
  }

  /** One column of {@code rows} as an array parameter ({@code text[]}; null elements stay null). */
  private static <T> String[] column(List<T> rows, Function<T, String> value) {
    String[] column = new String[rows.size()];
    for (int i = 0; i < column.length; i++) {
      column[i] = value.apply(rows.get(i));
    }
    return column;
  }

  /**
   * One statement for a batch of decisions, audit entries and outbox messages. Arrays go in as
   * {@code text[]} (and {@code bigint[]}) and are cast per column, so one statement text serves
   * every batch size and is prepared once per connection.
   */
  private static final String ONE_STATEMENT =
      "WITH d AS (INSERT INTO decisions (id, created_at, verdict, body, tenant, kind, subject,"
          + " policy_version) SELECT * FROM unnest(?::text[], ?::text[]::timestamptz[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])),"
          + " a AS (INSERT INTO audit_log (seq, occurred_at, actor, action_name, subject, details,"
          + " prev_hash, entry_hash) SELECT * FROM unnest(?::bigint[],"
          + " ?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[])),"
          // As OutboxWrites: a message id already stored is skipped, and only a new message is
          // fanned out, to every live subscription of its tenant taking its topic (or '*').
          + " m AS (INSERT INTO outbox_messages (id, tenant, topic, subject, payload, created_at)"
          + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[]::timestamptz[]) ON CONFLICT DO NOTHING RETURNING seq, tenant, topic,"
          + " created_at),"
          + " f AS (INSERT INTO outbox_deliveries (consumer, subscription_id, message_seq, state,"
          + " attempts, next_attempt_at) SELECT s.consumer, s.id, m.seq, 'pending', 0,"
          + " m.created_at FROM m JOIN outbox_subscriptions s ON s.tenant = m.tenant AND"
          + " s.deleted_at IS NULL WHERE EXISTS (SELECT 1 FROM outbox_subscription_topics t"
          + " WHERE t.subscription_id = s.id AND (t.topic = m.topic OR t.topic = '*'))),"
          + " h AS (UPDATE audit_head SET seq = ?, entry_hash = ? WHERE id = 1 AND seq = ?"
          + " RETURNING 1)"
          + " SELECT 1 / count(*)::int FROM h";

  private static final MultiRowInsert<DecisionRow> DECISIONS =
      new MultiRowInsert<>(
          "decisions",
          List.of(
              "id", "created_at", "verdict", "body", "tenant", "kind", "subject", "policy_version"),
          (insert, first, row) -> {
            insert.setString(first, row.id());
            insert.setObject(first + 1, Times.write(row.createdAt()));
            insert.setString(first + 2, row.verdict());
            insert.setString(first + 3, row.body());
            insert.setString(first + 4, row.tenant());
            insert.setString(first + 5, row.kind());
            insert.setString(first + 6, row.subject());
            insert.setString(first + 7, row.policyVersion());
          });

  private static final MultiRowInsert<AuditEntry> AUDIT =
      new MultiRowInsert<>(
          "audit_log",
          List.of(
              "seq",
              "occurred_at",
              "actor",
              "action_name",
              "subject",
              "details",
              "prev_hash",
              "entry_hash"),
          (insert, first, entry) -> {
            insert.setLong(first, entry.seq());
            insert.setObject(first + 1, Times.write(entry.at()));
            insert.setString(first + 2, entry.actor());
            insert.setString(first + 3, entry.action());
            insert.setString(first + 4, entry.subject());
            insert.setString(first + 5, entry.detailsJson());
            insert.setString(first + 6, entry.prevHash());
            insert.setString(first + 7, entry.hash());
          });

  private static void writeDecisions(Connection connection, List<Pending> batch)
      throws SQLException {
    List<DecisionRow> rows = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      if (pending.entry.decision() != null) {
        rows.add(pending.entry.decision());
      }
    }
    DECISIONS.insert(connection, rows);
  }

  private static void writeShadows(Connection connection, List<Pending> batch) throws SQLException {
    List<ShadowRow> rows = new ArrayList<>();
    for (Pending pending : batch) {
      rows.addAll(pending.entry.shadows());
    }
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO decision_shadows (decision_id, policy_version, tenant, created_at,"
                + " live_verdict, shadow_verdict) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (ShadowRow row : rows) {
        insert.setString(1, row.decisionId());
        insert.setString(2, row.policyVersion());
        insert.setString(3, row.tenant());
        insert.setObject(4, Times.write(row.createdAt()));
        insert.setString(5, row.liveVerdict());
        insert.setString(6, row.shadowVerdict());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void writeOutbox(Connection connection, List<Pending> batch) throws SQLException {
    List<OutboxMessage> messages = new ArrayList<>();
    for (Pending pending : batch) {
      messages.addAll(pending.entry.outbox());
    }
    if (!messages.isEmpty()) {
      OutboxWrites.insert(connection, messages);
    }
  }

  private static void writeOpinions(Connection connection, List<Pending> batch)
      throws SQLException {
    for (Pending pending : batch) {
      OpinionRows.insert(connection, pending.entry.opinions(), pending.entry.at());
    }
  }

  /** A batch's audit entries linked into the chain: per caller, all in order, and the new head. */
  private record Linked(List<List<AuditEntry>> entries, List<AuditEntry> rows, ChainHead head) {}

  /** Links every caller's audit events, in queue order, onto the chain after {@code from}. */
  private static Linked link(List<Pending> batch, ChainHead from) {
    long seq = from.seq();
    String hash = from.hash();
    List<List<AuditEntry>> linked = new ArrayList<>(batch.size());
    List<AuditEntry> rows = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      Instant when = AuditChain.normalise(pending.entry.at());
      List<AuditEntry> entries = new ArrayList<>(pending.entry.audit().size());
      for (AuditEvent event : pending.entry.audit()) {
        seq++;
        String next = AuditChain.link(hash, seq, when, event);
        entries.add(
            new AuditEntry(
                seq,
                when,
                event.actor(),
                event.action(),
                event.subject(),
                event.detailsJson(),
                hash,
                next));
        hash = next;
      }
      rows.addAll(entries);
      linked.add(entries);
    }
    return new Linked(linked, rows, new ChainHead(seq, hash));
  }

  private static Linked writeAudit(Connection connection, List<Pending> batch) throws SQLException {
    ChainHead from;
    try (PreparedStatement read =
            connection.prepareStatement(
                "SELECT seq, entry_hash FROM audit_head WHERE id = 1 FOR UPDATE");
        ResultSet rs = read.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("audit_head row missing");
      }
      from = new ChainHead(rs.getLong(1), rs.getString(2));
    }
    Linked linked = link(batch, from);
    if (linked.rows().isEmpty()) {
      return linked;
    }
    AUDIT.insert(connection, linked.rows());
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE audit_head SET seq = ?, entry_hash = ? WHERE id = 1")) {
      update.setLong(1, linked.head().seq());
      update.setString(2, linked.head().hash());
      update.executeUpdate();
    }
    return linked;
  }

  /** Commits what is queued, then stops the writer. */
  @Override
  public void close() {
    closed = true;
    try {
      writer.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
