package org.vigil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.banks.BankChange;
import org.vigil.core.banks.NewSignal;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.AppliedPage;
import org.vigil.core.banks.exchanges.CredentialsRef;
import org.vigil.core.banks.exchanges.Delta;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeState;
import org.vigil.core.banks.exchanges.ExchangeStore;
import org.vigil.core.banks.exchanges.FetchCounts;
import org.vigil.core.banks.exchanges.Opinion;
import org.vigil.core.banks.exchanges.SignalOpinion;
import org.vigil.core.banks.exchanges.SignalProvenance;
import org.vigil.core.evidence.SealedItem;
import org.vigil.core.json.Json;

/**
 * Exchanges (V140): their configuration and sealed secrets, sync state, the provenance of the
 * signals they put in banks, and opinions on signals.
 */
public final class JdbcExchangeStore implements ExchangeStore {

  /**
   * Above this many signal changes in one page the change log gets one BANK_RELOAD instead of an
   * entry per signal: every server then rebuilds the bank's index once rather than applying
   * thousands of entries one by one.
   */
  static final int RELOAD_ABOVE = 1000;

  /** Upserts written per batch of statements. */
  static final int UPSERT_BATCH = 5000;

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> OPTIONS = new TypeReference<>() {};

  private static final RowMapper<ExchangeConfig> CONFIG =
      (rs, ctx) -> {
        String kind = rs.getString("credentials_kind");
        String file = rs.getString("credentials_file");
        String url = rs.getString("url");
        return new ExchangeConfig(
            rs.getString("name"),
            rs.getString("tenant"),
            rs.getString("exchange_type"),
            rs.getString("bank_name"),
            url == null ? null : URI.create(url),
            switch (kind) {
              case "stored" -> CredentialsRef.STORED;
              case "file" -> CredentialsRef.file(Path.of(file));
              default -> CredentialsRef.NONE;
            },
            Duration.ofSeconds(rs.getLong("schedule_seconds")),
            rs.getBoolean("enabled"),
            read(rs.getString("options"), OPTIONS),
            Times.read(rs, "created_at"),
            Times.read(rs, "updated_at"));
      };

  private static final RowMapper<ExchangeState> STATE =
      (rs, ctx) ->
          new ExchangeState(
              rs.getString("exchange_name"),
              rs.getString("checkpoint"),
              Times.read(rs, "last_fetch_at"),
              Times.read(rs, "last_success_at"),
              new FetchCounts(
                  rs.getLong("last_added"),
                  rs.getLong("last_updated"),
                  rs.getLong("last_removed"),
                  rs.getLong("last_skipped")),
              new FetchCounts(
                  rs.getLong("total_added"),
                  rs.getLong("total_updated"),
                  rs.getLong("total_removed"),
                  rs.getLong("total_skipped")),
              rs.getString("last_error"),
              Times.read(rs, "last_error_at"));

  private static final RowMapper<SignalProvenance> PROVENANCE =
      (rs, ctx) ->
          new SignalProvenance(
              rs.getLong("signal_id"),
              rs.getString("bank_name"),
              rs.getString("exchange_name"),
              rs.getString("external_id"),
              read(rs.getString("categories"), STRINGS),
              read(rs.getString("tags"), STRINGS),
              Times.read(rs, "first_fetched_at"),
              Times.read(rs, "fetched_at"));

  private static final RowMapper<SignalOpinion> OPINION =
      (rs, ctx) -> {
        long signalId = rs.getLong("signal_id");
        boolean hasSignal = !rs.wasNull();
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
                read(rs.getString("tags"), STRINGS),
                rs.getString("given_by"),
                Times.read(rs, "given_at")),
            rs.getString("case_id"),
            rs.getString("decision_id"));
      };

  private final Jdbi jdbi;

  public JdbcExchangeStore(Database database) {
    this.jdbi = database.jdbi();
  }

  // --- configuration -------------------------------------------------------------------------

  @Override
  public boolean create(ExchangeConfig c, Optional<SealedItem> credentials, AuditEvent audit) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  int inserted =
                      h.createUpdate(
                              "INSERT INTO exchanges (name, tenant, exchange_type, bank_name, url,"
                                  + " credentials_kind, credentials_file, credentials_key,"
                                  + " credentials_body, options, schedule_seconds, enabled,"
                                  + " created_at, updated_at) VALUES (:name, :tenant, :type,"
                                  + " :bank, :url, :kind, :file, :key, :body, :options,"
                                  + " :schedule, :enabled, :created, :updated) ON CONFLICT DO"
                                  + " NOTHING")
                          .bind("name", c.name())
                          .bind("tenant", c.tenant())
                          .bind("type", c.type())
                          .bind("bank", c.bank())
                          .bind("url", c.url() == null ? null : c.url().toString())
                          .bind(
                              "kind",
                              c.credentials().kind().name().toLowerCase(java.util.Locale.ROOT))
                          .bind(
                              "file",
                              c.credentials().file() == null
                                  ? null
                                  : c.credentials().file().toString())
                          .bind("key", credentials.map(SealedItem::wrappedKey).orElse(null))
                          .bind("body", credentials.map(SealedItem::ciphertext).orElse(null))
                          .bind("options", write(c.options()))
                          .bind("schedule", c.schedule().toSeconds())
                          .bind("enabled", c.enabled())
                          .bind("created", Times.write(c.createdAt()))
                          .bind("updated", Times.write(c.updatedAt()))
                          .execute();
                  if (inserted == 0) {
                    return false;
                  }
                  h.createUpdate("INSERT INTO exchange_state (exchange_name) VALUES (:name)")
                      .bind("name", c.name())
                      .execute();
                  JdbcAuditStore.append(h, audit, c.createdAt());
                  return true;
                }));
  }

  @Override
  public Optional<ExchangeConfig> find(String tenant, String name) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM exchanges WHERE name = :name AND tenant = :tenant")
                        .bind("name", name)
                        .bind("tenant", tenant)
                        .map(CONFIG)
                        .findOne()));
  }

  @Override
  public List<ExchangeConfig> list(String tenant) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM exchanges WHERE tenant = :tenant ORDER BY name")
                        .bind("tenant", tenant)
                        .map(CONFIG)
                        .list()));
  }

  @Override
  public List<ExchangeConfig> listAll() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> h.createQuery("SELECT * FROM exchanges ORDER BY name").map(CONFIG).list()));
  }

  @Override
  public Optional<SealedItem> sealedCredentials(String name) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT credentials_key, credentials_body FROM exchanges WHERE name ="
                                + " :name AND credentials_key IS NOT NULL")
                        .bind("name", name)
                        .map(
                            (rs, ctx) ->
                                new SealedItem(
                                    rs.getBytes("credentials_key"),
                                    rs.getBytes("credentials_body")))
                        .findOne()));
  }

  @Override
  public boolean delete(String tenant, String name, AuditEvent audit, Instant at) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  int deleted =
                      h.createUpdate(
                              "DELETE FROM exchanges WHERE name = :name AND tenant = :tenant")
                          .bind("name", name)
                          .bind("tenant", tenant)
                          .execute();
                  if (deleted == 1) {
                    JdbcAuditStore.append(h, audit, at);
                  }
                  return deleted == 1;
                }));
  }

  // --- sync state ------------------------------------------------------------------------------

  @Override
  public ExchangeState state(String name) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM exchange_state WHERE exchange_name = :name")
                        .bind("name", name)
                        .map(STATE)
                        .findOne()
                        .orElse(ExchangeState.initial(name))));
  }

  @Override
  public void fetchStarted(String name, Instant at) {
    update(
        "UPDATE exchange_state SET last_fetch_at = :at, last_added = 0, last_updated = 0,"
            + " last_removed = 0, last_skipped = 0 WHERE exchange_name = :name",
        name,
        at,
        null,
        null,
        null);
  }

  @Override
  public void pageDone(String name, String checkpoint, FetchCounts counts, Instant at) {
    update(
        "UPDATE exchange_state SET checkpoint = :checkpoint,"
            + " last_added = last_added + :added, last_updated = last_updated + :updated,"
            + " last_removed = last_removed + :removed, last_skipped = last_skipped + :skipped,"
            + " total_added = total_added + :added, total_updated = total_updated + :updated,"
            + " total_removed = total_removed + :removed,"
            + " total_skipped = total_skipped + :skipped WHERE exchange_name = :name",
        name,
        at,
        checkpoint,
        counts,
        null);
  }

  @Override
  public void fetchSucceeded(String name, Instant at) {
    update(
        "UPDATE exchange_state SET last_success_at = :at, last_error = NULL, last_error_at = NULL"
            + " WHERE exchange_name = :name",
        name,
        at,
        null,
        null,
        null);
  }

  @Override
  public void fetchFailed(String name, String error, Instant at) {
    String message = error == null ? "unknown error" : error;
    update(
        "UPDATE exchange_state SET last_error = :error, last_error_at = :at"
            + " WHERE exchange_name = :name",
        name,
        at,
        null,
        null,
        message.length() > 2000 ? message.substring(0, 2000) : message);
  }

  private void update(
      String sql, String name, Instant at, String checkpoint, FetchCounts counts, String error) {
    FetchCounts c = counts == null ? FetchCounts.ZERO : counts;
    Sql.run(
        () ->
            jdbi.useHandle(
                h -> {
                  var update = h.createUpdate(sql).bind("name", name).bind("at", Times.write(at));
                  if (sql.contains(":checkpoint")) {
                    update.bind("checkpoint", checkpoint);
                  }
                  if (sql.contains(":added")) {
                    update
                        .bind("added", c.added())
                        .bind("updated", c.updated())
                        .bind("removed", c.removed())
                        .bind("skipped", c.skipped());
                  }
                  if (sql.contains(":error")) {
                    update.bind("error", error);
                  }
                  update.execute();
                }));
  }

  // --- the bank --------------------------------------------------------------------------------

  @Override
  public AppliedPage apply(
      ExchangeConfig exchange, List<Delta> deltas, Instant seenAt, AuditEvent audit) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  PageWriter page = new PageWriter(h, exchange, seenAt);
                  // Runs of upserts go in batches (a few statements per batch, not per row); a
                  // deletion ends the run, so deltas still apply in their order.
                  List<Delta.Upsert> run = new ArrayList<>();
                  for (Delta delta : deltas) {
                    if (delta instanceof Delta.Upsert upsert) {
                      run.add(upsert);
                      if (run.size() == UPSERT_BATCH) {
                        page.upserts(run);
                        run.clear();
                      }
                    } else if (delta instanceof Delta.Delete delete) {
                      page.upserts(run);
                      run.clear();
                      page.delete(delete);
                    }
                  }
                  page.upserts(run);
                  return page.finish(audit);
                }));
  }

  @Override
  public AppliedPage removeUnseen(ExchangeConfig exchange, Instant seenSince, AuditEvent audit) {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  PageWriter page = new PageWriter(h, exchange, seenSince);
                  List<Long> stale =
                      h.createQuery(
                              "SELECT signal_id FROM signal_provenance WHERE exchange_name ="
                                  + " :exchange AND bank_name = :bank AND seen_at < :since ORDER BY"
                                  + " signal_id")
                          .bind("exchange", exchange.name())
                          .bind("bank", exchange.bank())
                          .bind("since", Times.write(seenSince))
                          .mapTo(Long.class)
                          .list();
                  for (int from = 0; from < stale.size(); from += UPSERT_BATCH) {
                    page.withdrawAll(
                        stale.subList(from, Math.min(stale.size(), from + UPSERT_BATCH)));
                  }
                  return page.finish(audit);
                }));
  }

  /** One page's writes inside its transaction, with the counts and change entries they make. */
  private static final class PageWriter {
    private final Handle h;
    private final ExchangeConfig exchange;
    private final Instant seenAt;
    private final List<Long> added = new ArrayList<>();
    private final List<SignalType> addedTypes = new ArrayList<>();
    private final List<Long> removedIds = new ArrayList<>();
    private final List<SignalType> removedTypes = new ArrayList<>();
    private long newRows;
    private long updatedRows;
    private long withdrawn;

    PageWriter(Handle h, ExchangeConfig exchange, Instant seenAt) {
      this.h = h;
      this.exchange = exchange;
      this.seenAt = seenAt;
    }

    /**
     * An exchange member's opinion on the hash, once: a page applied again (a resume) finds the
     * same opinion (same member, verdict and time) and adds nothing.
     */
    private void recordOpinion(String key, long signalId, Delta.Upsert u, Opinion opinion) {
      h.createUpdate(
              "INSERT INTO signal_opinions (tenant, signal_type, hash_value, bank_name, signal_id,"
                  + " exchange_name, origin, opinion, category, tags, given_by, given_at,"
                  + " recorded_at) SELECT :tenant, :type, :key, :bank, :signalId, :exchange,"
                  + " 'exchange', :opinion, :category, :tags, :by, :at, :recorded WHERE NOT EXISTS"
                  + " (SELECT 1 FROM signal_opinions WHERE signal_type = :type AND hash_value ="
                  + " :key AND exchange_name = :exchange AND origin = 'exchange' AND opinion ="
                  + " :opinion AND given_by = :by AND given_at = :at)")
          .bind("tenant", exchange.tenant())
          .bind("type", u.type().wireName())
          .bind("key", key)
          .bind("bank", exchange.bank())
          .bind("signalId", signalId)
          .bind("exchange", exchange.name())
          .bind("opinion", opinion.kind().wireName())
          .bind("category", truncate(opinion.category()))
          .bind("tags", write(opinion.tags()))
          .bind("by", opinion.by())
          .bind("at", Times.write(opinion.at()))
          .bind("recorded", Times.write(seenAt))
          .execute();
    }

    /**
     * Upserts many signals with a handful of statements: insert the new signals (PostgreSQL {@code
     * unnest} of arrays, {@code ON CONFLICT DO NOTHING}), read every signal's id, read this
     * exchange's provenance of them, then insert the missing provenance rows and update the rest.
     * The same value twice in a batch counts once, with its last metadata.
     */
    void upserts(List<Delta.Upsert> run) {
      if (run.isEmpty()) {
        return;
      }
      java.util.LinkedHashMap<String, Delta.Upsert> byKey = new java.util.LinkedHashMap<>();
      java.util.Map<String, String> keyOf = new java.util.HashMap<>();
      for (Delta.Upsert u : run) {
        String key = JdbcBankStore.key(new NewSignal(u.type(), u.value(), null, null, null));
        String k = u.type().wireName() + "\u0000" + key;
        byKey.remove(k);
        byKey.put(k, u);
        keyOf.put(k, key);
      }
      int n = byKey.size();
      String[] types = new String[n];
      String[] keys = new String[n];
      String[] longValues = new String[n];
      String[] externalIds = new String[n];
      String[] categories = new String[n];
      int i = 0;
      for (java.util.Map.Entry<String, Delta.Upsert> e : byKey.entrySet()) {
        Delta.Upsert u = e.getValue();
        types[i] = u.type().wireName();
        keys[i] = keyOf.get(e.getKey());
        longValues[i] = u.type().isVideo() ? u.value() : null;
        externalIds[i] = truncate(u.externalId());
        categories[i] = joinCategories(u.categories());
        i++;
      }
      h.createQuery(
              "INSERT INTO signals (bank_name, signal_type, hash_value, long_value, external_id,"
                  + " source, category, created_at) SELECT :bank, u.t, u.k, u.l, u.e, :source,"
                  + " u.c, :at FROM unnest(:types, :keys, :longs, :externalIds, :categories) AS"
                  + " u(t, k, l, e, c) ON CONFLICT DO NOTHING RETURNING id, signal_type")
          .bind("bank", exchange.bank())
          .bind("source", exchange.source())
          .bind("at", Times.write(seenAt))
          .bindArray("types", String.class, (Object[]) types)
          .bindArray("keys", String.class, (Object[]) keys)
          .bindArray("longs", String.class, (Object[]) longValues)
          .bindArray("externalIds", String.class, (Object[]) externalIds)
          .bindArray("categories", String.class, (Object[]) categories)
          .map(
              (rs, ctx) -> {
                added.add(rs.getLong("id"));
                addedTypes.add(SignalType.fromWire(rs.getString("signal_type")));
                return 0;
              })
          .list();
      java.util.Map<String, Long> ids = new java.util.HashMap<>();
      h.createQuery(
              "SELECT s.id, s.signal_type, s.hash_value FROM signals s JOIN unnest(:types, :keys)"
                  + " AS u(t, k) ON s.signal_type = u.t AND s.hash_value = u.k WHERE s.bank_name ="
                  + " :bank")
          .bind("bank", exchange.bank())
          .bindArray("types", String.class, (Object[]) types)
          .bindArray("keys", String.class, (Object[]) keys)
          .map(
              (rs, ctx) ->
                  ids.put(
                      rs.getString("signal_type") + "\u0000" + rs.getString("hash_value"),
                      rs.getLong("id")))
          .list();
      Long[] idArray = ids.values().toArray(new Long[0]);
      java.util.Map<Long, SignalProvenance> existing = new java.util.HashMap<>();
      h.createQuery(
              "SELECT * FROM signal_provenance WHERE exchange_name = :exchange AND signal_id ="
                  + " ANY(:ids)")
          .bind("exchange", exchange.name())
          .bindArray("ids", Long.class, (Object[]) idArray)
          .map(PROVENANCE)
          .forEach(p -> existing.put(p.signalId(), p));
      List<Long> insertIds = new ArrayList<>();
      List<Long> updateIds = new ArrayList<>();
      List<String[]> insertRows = new ArrayList<>();
      List<String[]> updateRows = new ArrayList<>();
      for (java.util.Map.Entry<String, Delta.Upsert> e : byKey.entrySet()) {
        Delta.Upsert u = e.getValue();
        Long id = ids.get(u.type().wireName() + "\u0000" + keyOf.get(e.getKey()));
        if (id == null) {
          throw new StoreException("signal vanished while its page was applied", null);
        }
        for (Opinion opinion : u.opinions()) {
          recordOpinion(keyOf.get(e.getKey()), id, u, opinion);
        }
        String externalId = truncate(u.externalId());
        String[] row = {
          externalId, write(u.categories()), write(u.tags()), u.fetchedAt().toString()
        };
        SignalProvenance old = existing.get(id);
        if (old == null) {
          insertIds.add(id);
          insertRows.add(row);
          newRows++;
        } else {
          updateIds.add(id);
          updateRows.add(row);
          if (!java.util.Objects.equals(old.externalId(), externalId)
              || !old.categories().equals(u.categories())
              || !old.tags().equals(u.tags())) {
            updatedRows++;
          }
        }
      }
      writeProvenance(
          "INSERT INTO signal_provenance (signal_id, exchange_name, bank_name, external_id,"
              + " categories, tags, first_fetched_at, fetched_at, seen_at) SELECT u.id,"
              + " :exchange, :bank, u.e, u.c, u.t, CAST(u.f AS TIMESTAMP WITH TIME ZONE),"
              + " CAST(u.f AS TIMESTAMP WITH TIME ZONE), :seen FROM unnest(:ids, :externalIds,"
              + " :categories, :tags, :fetched) AS u(id, e, c, t, f)",
          insertIds,
          insertRows);
      writeProvenance(
          "UPDATE signal_provenance p SET external_id = u.e, categories = u.c, tags = u.t,"
              + " fetched_at = CAST(u.f AS TIMESTAMP WITH TIME ZONE), seen_at = :seen FROM"
              + " unnest(:ids, :externalIds, :categories, :tags, :fetched) AS u(id, e, c, t, f)"
              + " WHERE p.exchange_name = :exchange AND p.signal_id = u.id",
          updateIds,
          updateRows);
    }

    private void writeProvenance(String sql, List<Long> signalIds, List<String[]> rows) {
      if (signalIds.isEmpty()) {
        return;
      }
      int n = rows.size();
      String[] externalIds = new String[n];
      String[] categories = new String[n];
      String[] tags = new String[n];
      String[] fetched = new String[n];
      for (int i = 0; i < n; i++) {
        externalIds[i] = rows.get(i)[0];
        categories[i] = rows.get(i)[1];
        tags[i] = rows.get(i)[2];
        fetched[i] = rows.get(i)[3];
      }
      var statement = h.createUpdate(sql).bind("exchange", exchange.name());
      if (sql.contains(":bank")) {
        statement.bind("bank", exchange.bank());
      }
      statement
          .bind("seen", Times.write(seenAt))
          .bindArray("ids", Long.class, (Object[]) signalIds.toArray(new Long[0]))
          .bindArray("externalIds", String.class, (Object[]) externalIds)
          .bindArray("categories", String.class, (Object[]) categories)
          .bindArray("tags", String.class, (Object[]) tags)
          .bindArray("fetched", String.class, (Object[]) fetched)
          .execute();
    }

    void delete(Delta.Delete d) {
      List<Long> targets;
      if (d.externalId() != null) {
        targets =
            h.createQuery(
                    "SELECT signal_id FROM signal_provenance WHERE exchange_name = :exchange AND"
                        + " bank_name = :bank AND external_id = :externalId ORDER BY signal_id")
                .bind("exchange", exchange.name())
                .bind("bank", exchange.bank())
                .bind("externalId", truncate(d.externalId()))
                .mapTo(Long.class)
                .list();
      } else {
        String key = JdbcBankStore.key(new NewSignal(d.type(), d.value(), null, null, null));
        targets =
            h.createQuery(
                    "SELECT p.signal_id FROM signal_provenance p JOIN signals s ON s.id ="
                        + " p.signal_id WHERE p.exchange_name = :exchange AND s.bank_name = :bank"
                        + " AND s.signal_type = :type AND s.hash_value = :key")
                .bind("exchange", exchange.name())
                .bind("bank", exchange.bank())
                .bind("type", d.type().wireName())
                .bind("key", key)
                .mapTo(Long.class)
                .list();
      }
      withdrawAll(targets);
    }

    /**
     * Drops this exchange's provenance of the signals, and each signal itself when no exchange
     * holds it any more and an exchange (not an operator) put it in the bank; three statements
     * however many signals.
     */
    void withdrawAll(List<Long> signalIds) {
      if (signalIds.isEmpty()) {
        return;
      }
      Long[] ids = signalIds.toArray(new Long[0]);
      List<Long> dropped =
          h.createQuery(
                  "DELETE FROM signal_provenance WHERE exchange_name = :exchange AND signal_id ="
                      + " ANY(:ids) RETURNING signal_id")
              .bind("exchange", exchange.name())
              .bindArray("ids", Long.class, (Object[]) ids)
              .mapTo(Long.class)
              .list();
      if (dropped.isEmpty()) {
        return;
      }
      withdrawn += dropped.size();
      h.createQuery(
              "DELETE FROM signals s WHERE s.id = ANY(:ids) AND s.source LIKE 'exchange:%' AND NOT"
                  + " EXISTS (SELECT 1 FROM signal_provenance p WHERE p.signal_id = s.id)"
                  + " RETURNING s.id, s.signal_type")
          .bindArray("ids", Long.class, (Object[]) dropped.toArray(new Long[0]))
          .map(
              (rs, ctx) -> {
                removedIds.add(rs.getLong("id"));
                removedTypes.add(SignalType.fromWire(rs.getString("signal_type")));
                return 0;
              })
          .list();
    }

    AppliedPage finish(AuditEvent audit) {
      List<BankChange> changes = new ArrayList<>();
      String bank = exchange.bank();
      if (added.size() + removedIds.size() > RELOAD_ABOVE) {
        long seq =
            JdbcBankStore.appendChange(h, bank, BankChange.Kind.BANK_RELOAD, null, null, seenAt);
        changes.add(new BankChange(seq, bank, BankChange.Kind.BANK_RELOAD, null, null));
      } else {
        for (int i = 0; i < removedIds.size(); i++) {
          long seq =
              JdbcBankStore.appendChange(
                  h,
                  bank,
                  BankChange.Kind.SIGNAL_REMOVE,
                  removedIds.get(i),
                  removedTypes.get(i),
                  seenAt);
          changes.add(
              new BankChange(
                  seq,
                  bank,
                  BankChange.Kind.SIGNAL_REMOVE,
                  removedIds.get(i),
                  removedTypes.get(i)));
        }
        for (int i = 0; i < added.size(); i++) {
          long id = added.get(i);
          long seq =
              JdbcBankStore.appendChange(
                  h, bank, BankChange.Kind.SIGNAL_ADD, id, addedTypes.get(i), seenAt);
          changes.add(new BankChange(seq, bank, BankChange.Kind.SIGNAL_ADD, id, addedTypes.get(i)));
        }
      }
      if (audit != null) {
        JdbcAuditStore.append(h, audit, seenAt);
      }
      // The counts commit with the rows they count: a page re-applied after a crash adds nothing
      // and counts nothing, so the totals stay exact.
      h.createUpdate(
              "UPDATE exchange_state SET last_added = last_added + :added,"
                  + " last_updated = last_updated + :updated, last_removed = last_removed +"
                  + " :removed, total_added = total_added + :added, total_updated = total_updated"
                  + " + :updated, total_removed = total_removed + :removed WHERE exchange_name ="
                  + " :name")
          .bind("added", newRows)
          .bind("updated", updatedRows)
          .bind("removed", withdrawn)
          .bind("name", exchange.name())
          .execute();
      return new AppliedPage(new FetchCounts(newRows, updatedRows, withdrawn, 0), changes);
    }
  }

  @Override
  public List<SignalProvenance> provenance(String bank, long signalId) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM signal_provenance WHERE bank_name = :bank AND signal_id"
                                + " = :id ORDER BY exchange_name")
                        .bind("bank", bank)
                        .bind("id", signalId)
                        .map(PROVENANCE)
                        .list()));
  }

  @Override
  public List<SignalProvenance> provenanceByExternalId(String exchange, String externalId) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM signal_provenance WHERE exchange_name = :exchange AND"
                                + " external_id = :externalId ORDER BY first_fetched_at,"
                                + " signal_id")
                        .bind("exchange", exchange)
                        .bind("externalId", externalId)
                        .map(PROVENANCE)
                        .list()));
  }

  // --- opinions --------------------------------------------------------------------------------

  @Override
  public SignalOpinion addOpinion(SignalOpinion o, Instant recordedAt) {
    String key = JdbcBankStore.key(new NewSignal(o.type(), o.value(), null, null, null));
    long id =
        Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "INSERT INTO signal_opinions (tenant, signal_type, hash_value,"
                                    + " bank_name, signal_id, exchange_name, origin, opinion,"
                                    + " category, tags, given_by, given_at, case_id, decision_id,"
                                    + " recorded_at) VALUES (:tenant, :type, :key, :bank,"
                                    + " :signalId, :exchange, :origin, :opinion, :category, :tags,"
                                    + " :by, :at, :caseId, :decisionId, :recorded)")
                            .bind("tenant", o.tenant())
                            .bind("type", o.type().wireName())
                            .bind("key", key)
                            .bind("bank", o.bank())
                            .bind("signalId", o.signalId())
                            .bind("exchange", o.exchange())
                            .bind("origin", o.origin().wireName())
                            .bind("opinion", o.opinion().kind().wireName())
                            .bind("category", truncate(o.opinion().category()))
                            .bind("tags", write(o.opinion().tags()))
                            .bind("by", o.opinion().by())
                            .bind("at", Times.write(o.opinion().at()))
                            .bind("caseId", o.caseId())
                            .bind("decisionId", o.decisionId())
                            .bind("recorded", Times.write(recordedAt))
                            .executeAndReturnGeneratedKeys("id")
                            .mapTo(Long.class)
                            .one()));
    return new SignalOpinion(
        id,
        o.tenant(),
        o.type(),
        o.value(),
        o.bank(),
        o.signalId(),
        o.exchange(),
        o.origin(),
        o.opinion(),
        o.caseId(),
        o.decisionId());
  }

  @Override
  public List<SignalOpinion> opinions(SignalType type, String value) {
    String key = JdbcBankStore.key(new NewSignal(type, value, null, null, null));
    List<SignalOpinion> stored =
        Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createQuery(
                                "SELECT * FROM signal_opinions WHERE signal_type = :type AND"
                                    + " hash_value = :key ORDER BY id")
                            .bind("type", type.wireName())
                            .bind("key", key)
                            .map(OPINION)
                            .list()));
    // A video opinion is keyed by the value's SHA-256: give callers back the value they asked for.
    if (!type.isVideo()) {
      return stored;
    }
    List<SignalOpinion> withValue = new ArrayList<>(stored.size());
    for (SignalOpinion o : stored) {
      withValue.add(
          new SignalOpinion(
              o.id(),
              o.tenant(),
              o.type(),
              value,
              o.bank(),
              o.signalId(),
              o.exchange(),
              o.origin(),
              o.opinion(),
              o.caseId(),
              o.decisionId()));
    }
    return withValue;
  }

  // --- codecs ----------------------------------------------------------------------------------

  /** Categories as the signal row's single category column: comma-joined, cut to fit. */
  private static String joinCategories(List<String> categories) {
    if (categories.isEmpty()) {
      return null;
    }
    return truncate(String.join(",", new LinkedHashSet<>(categories)));
  }

  private static String truncate(String text) {
    return text == null || text.length() <= NewSignal.MAX_TEXT
        ? text
        : text.substring(0, NewSignal.MAX_TEXT);
  }

  private static String write(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return Json.MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new StoreException("unreadable JSON column: " + e.getOriginalMessage(), e);
    }
  }
}
