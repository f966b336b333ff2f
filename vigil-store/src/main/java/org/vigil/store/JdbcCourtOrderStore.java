package org.vigil.store;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.CourtOrder;
import org.vigil.core.courtorders.CourtOrderDenial;
import org.vigil.core.courtorders.CourtOrderEvent;
import org.vigil.core.courtorders.CourtOrderStore;
import org.vigil.core.courtorders.DenialCount;
import org.vigil.core.courtorders.IdentifierType;
import org.vigil.core.courtorders.SubscriberAddressChange;

/**
 * Court orders, their pseudonymous identifiers, history, denials and subscriber addresses in the
 * tables of {@code V20__court_orders.sql}. Holds no identifier in clear: the registry hashes first.
 */
public final class JdbcCourtOrderStore implements CourtOrderStore {

  private static final RowMapper<CourtOrderEvent> EVENT =
      (rs, ctx) ->
          new CourtOrderEvent(
              rs.getString("order_id"),
              CourtOrderEvent.Kind.valueOf(rs.getString("event_kind")),
              Times.read(rs, "effective_at"),
              rs.getString("actor"),
              rs.getString("detail"));

  private static final RowMapper<SubscriberAddressChange> ADDRESS_CHANGE =
      (rs, ctx) ->
          new SubscriberAddressChange(
              rs.getString("line_pseudonym"),
              rs.getString("address"),
              Times.read(rs, "changed_at"),
              rs.getString("change_reason"),
              rs.getString("changed_by"));

  private record IdentifierRow(String orderId, IdentifierType type, String pseudonym) {}

  private final Jdbi jdbi;

  public JdbcCourtOrderStore(Database database) {
    this.jdbi = database.jdbi();
  }

  @Override
  public String changeMarker() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT (SELECT COALESCE(MAX(id), 0) FROM court_order_events) AS e,"
                                + " (SELECT COALESCE(MAX(id), 0) FROM subscriber_address_changes)"
                                + " AS a")
                        .map((rs, ctx) -> rs.getLong("e") + ":" + rs.getLong("a"))
                        .one()));
  }

  @Override
  public Optional<String> loadKeyCheck() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT key_check FROM court_order_key_check WHERE id = 1")
                        .mapTo(String.class)
                        .findOne()));
  }

  @Override
  public void saveKeyCheck(String keyCheck) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO court_order_key_check (id, key_check) VALUES (1, :check)"
                                + " ON CONFLICT DO NOTHING")
                        .bind("check", keyCheck)
                        .execute()));
  }

  @Override
  public void insert(CourtOrder order, CourtOrderEvent created) {
    Sql.run(
        () ->
            jdbi.useTransaction(
                h -> {
                  h.createUpdate(
                          "INSERT INTO court_orders (id, court, case_ref, legal_basis, issued_on,"
                              + " starts_at, ends_at, order_scope, notes, created_at, created_by,"
                              + " revoked_at, revoked_by, revocation_reason) VALUES (:id, :court,"
                              + " :caseRef, :legalBasis, :issuedOn, :startsAt, :endsAt, :scope,"
                              + " :notes, :createdAt, :createdBy, :revokedAt, :revokedBy,"
                              + " :reason)")
                      .bind("id", order.id())
                      .bind("court", order.court())
                      .bind("caseRef", order.caseRef())
                      .bind("legalBasis", order.legalBasis())
                      .bind("issuedOn", order.issuedOn())
                      .bind("startsAt", Times.write(order.startsAt()))
                      .bind("endsAt", Times.write(order.endsAt()))
                      .bind("scope", scopeColumn(order.scope()))
                      .bind("notes", order.notes())
                      .bind("createdAt", Times.write(order.createdAt()))
                      .bind("createdBy", order.createdBy())
                      .bind("revokedAt", Times.write(order.revokedAt()))
                      .bind("revokedBy", order.revokedBy())
                      .bind("reason", order.revocationReason())
                      .execute();
                  PreparedBatch batch =
                      h.prepareBatch(
                          "INSERT INTO court_order_identifiers (order_id, identifier_type,"
                              + " pseudonym) VALUES (:id, :type, :pseudonym)");
                  order
                      .subject()
                      .forEach(
                          (type, pseudonyms) -> {
                            for (String pseudonym : pseudonyms) {
                              batch
                                  .bind("id", order.id())
                                  .bind("type", type.name())
                                  .bind("pseudonym", pseudonym)
                                  .add();
                            }
                          });
                  batch.execute();
                  insertEvent(h, created);
                }));
  }

  @Override
  public void revoke(CourtOrder revoked, CourtOrderEvent event) {
    Sql.run(
        () ->
            jdbi.useTransaction(
                h -> {
                  int rows =
                      h.createUpdate(
                              "UPDATE court_orders SET revoked_at = :at, revoked_by = :by,"
                                  + " revocation_reason = :reason WHERE id = :id AND revoked_at"
                                  + " IS NULL")
                          .bind("id", revoked.id())
                          .bind("at", Times.write(revoked.revokedAt()))
                          .bind("by", revoked.revokedBy())
                          .bind("reason", revoked.revocationReason())
                          .execute();
                  if (rows != 1) {
                    throw new StoreException(
                        "court order " + revoked.id() + " is missing or already revoked", null);
                  }
                  insertEvent(h, event);
                }));
  }

  @Override
  public List<CourtOrder> loadOrders() {
    return Sql.get(
        () ->
            jdbi.inTransaction(
                h -> {
                  Map<String, Map<IdentifierType, Set<String>>> subjects = new HashMap<>();
                  for (IdentifierRow row :
                      h.createQuery(
                              "SELECT order_id, identifier_type, pseudonym FROM"
                                  + " court_order_identifiers")
                          .map(
                              (rs, ctx) ->
                                  new IdentifierRow(
                                      rs.getString("order_id"),
                                      IdentifierType.valueOf(rs.getString("identifier_type")),
                                      rs.getString("pseudonym")))
                          .list()) {
                    subjects
                        .computeIfAbsent(row.orderId(), k -> new EnumMap<>(IdentifierType.class))
                        .computeIfAbsent(row.type(), k -> new LinkedHashSet<>())
                        .add(row.pseudonym());
                  }
                  return h.createQuery("SELECT * FROM court_orders ORDER BY created_at, id")
                      .map(
                          (rs, ctx) -> {
                            String id = rs.getString("id");
                            return new CourtOrder(
                                id,
                                rs.getString("court"),
                                rs.getString("case_ref"),
                                rs.getString("legal_basis"),
                                rs.getObject("issued_on", LocalDate.class),
                                Times.read(rs, "starts_at"),
                                Times.read(rs, "ends_at"),
                                scopeFrom(rs.getString("order_scope")),
                                subjects.getOrDefault(id, Map.of()),
                                rs.getString("notes"),
                                Times.read(rs, "created_at"),
                                rs.getString("created_by"),
                                Times.read(rs, "revoked_at"),
                                rs.getString("revoked_by"),
                                rs.getString("revocation_reason"));
                          })
                      .list();
                }));
  }

  @Override
  public void appendEvent(CourtOrderEvent event) {
    Sql.run(() -> jdbi.useHandle(h -> insertEvent(h, event)));
  }

  @Override
  public List<CourtOrderEvent> loadEvents() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT * FROM court_order_events ORDER BY id")
                        .map(EVENT)
                        .list()));
  }

  @Override
  public List<CourtOrderEvent> events(String orderId) {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM court_order_events WHERE order_id = :id ORDER BY id")
                        .bind("id", orderId)
                        .map(EVENT)
                        .list()));
  }

  @Override
  public void recordDenial(CourtOrderDenial denial) {
    Sql.run(
        () ->
            jdbi.useHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO court_order_denials (order_id, denied_at, denied_on,"
                                + " category, decide_action, attempt_key) VALUES (:id, :at,"
                                + " :day, :category, :action, :attempt) ON CONFLICT DO NOTHING")
                        .bind("id", denial.orderId())
                        .bind("at", Times.write(denial.at()))
                        .bind("day", LocalDate.ofInstant(denial.at(), ZoneOffset.UTC))
                        .bind("category", denial.category().wireName())
                        .bind("action", denial.action())
                        .bind("attempt", denial.attemptKey())
                        .execute()));
  }

  @Override
  public List<DenialCount> denialCounts(String orderId) {
    List<DenialCount> counts =
        Sql.get(
            () ->
                jdbi.withHandle(
                    h ->
                        h.createQuery(
                                "SELECT denied_on, category, COUNT(*) AS n FROM"
                                    + " court_order_denials WHERE order_id = :id GROUP BY"
                                    + " denied_on, category")
                            .bind("id", orderId)
                            .map(
                                (rs, ctx) ->
                                    new DenialCount(
                                        rs.getObject("denied_on", LocalDate.class),
                                        ServiceCategory.fromWire(rs.getString("category")),
                                        rs.getLong("n")))
                            .list()));
    List<DenialCount> sorted = new ArrayList<>(counts);
    sorted.sort(Comparator.comparing(DenialCount::day).thenComparing(DenialCount::category));
    return sorted;
  }

  @Override
  public Map<String, String> loadAddresses() {
    return Sql.get(
        () ->
            jdbi.withHandle(
                h -> {
                  Map<String, String> addresses = new LinkedHashMap<>();
                  h.createQuery("SELECT line_pseudonym, address FROM subscriber_addresses")
                      .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                      .forEach(e -> addresses.put(e.getKey(), e.getValue()));
                  return addresses;
                }));
  }

  @Override
  public void saveAddressChange(SubscriberAddressChange change) {
    Sql.run(
        () ->
            jdbi.useTransaction(
                h -> {
                  // Delete then insert: portable where H2 lacks ON CONFLICT DO UPDATE.
                  h.createUpdate("DELETE FROM subscriber_addresses WHERE line_pseudonym = :line")
                      .bind("line", change.linePseudonym())
                      .execute();
                  if (change.address() != null) {
                    h.createUpdate(
                            "INSERT INTO subscriber_addresses (line_pseudonym, address,"
                                + " updated_at) VALUES (:line, :address, :at)")
                        .bind("line", change.linePseudonym())
                        .bind("address", change.address())
                        .bind("at", Times.write(change.at()))
                        .execute();
                  }
                  h.createUpdate(
                          "INSERT INTO subscriber_address_changes (line_pseudonym, address,"
                              + " changed_at, change_reason, changed_by) VALUES (:line, :address,"
                              + " :at, :reason, :by)")
                      .bind("line", change.linePseudonym())
                      .bind("address", change.address())
                      .bind("at", Times.write(change.at()))
                      .bind("reason", change.reason())
                      .bind("by", change.by())
                      .execute();
                }));
  }

  @Override
  public List<SubscriberAddressChange> addressChanges(Collection<String> linePseudonyms) {
    if (linePseudonyms.isEmpty()) {
      return List.of();
    }
    return Sql.get(
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM subscriber_address_changes WHERE line_pseudonym IN"
                                + " (<lines>) ORDER BY id")
                        .bindList("lines", List.copyOf(linePseudonyms))
                        .map(ADDRESS_CHANGE)
                        .list()));
  }

  private static void insertEvent(Handle h, CourtOrderEvent event) {
    h.createUpdate(
            "INSERT INTO court_order_events (order_id, event_kind, effective_at, actor, detail)"
                + " VALUES (:id, :kind, :at, :actor, :detail)")
        .bind("id", event.orderId())
        .bind("kind", event.kind().name())
        .bind("at", Times.write(event.at()))
        .bind("actor", event.actor())
        .bind("detail", event.detail() == null ? "" : event.detail())
        .execute();
  }

  private static String scopeColumn(Set<ServiceCategory> scope) {
    return scope.stream().sorted().map(ServiceCategory::wireName).collect(Collectors.joining(","));
  }

  private static Set<ServiceCategory> scopeFrom(String column) {
    Set<ServiceCategory> scope = EnumSet.noneOf(ServiceCategory.class);
    Arrays.stream(column.split(",")).map(ServiceCategory::fromWire).forEach(scope::add);
    return scope;
  }
}
