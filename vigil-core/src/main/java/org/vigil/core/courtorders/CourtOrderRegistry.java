package org.vigil.core.courtorders;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.compliance.ComplianceReports;
import org.vigil.core.courtorders.lifecycle.OrderTransitions;
import org.vigil.core.courtorders.matching.CourtOrderIndex;
import org.vigil.core.courtorders.matching.IdentifierMatcher;
import org.vigil.core.courtorders.register.CourtOrderRequestValidator;
import org.vigil.core.courtorders.subscribers.SubscriberAddressBook;
import org.vigil.core.error.VigilException;

/**
 * The register of court-ordered restrictions: creates, revokes and lists orders, answers whether a
 * person (by any of their identifiers) is barred from a service category, and tells DNS enforcement
 * which subscriber addresses to restrict.
 *
 * <p>State lives in memory as an immutable {@link CourtOrderIndex} plus the line-to-address map,
 * swapped whole under a lock on every change and read without locks; the {@link CourtOrderStore} is
 * written through so a restart reloads the same state. Identifiers are normalised and pseudonymised
 * at the edge of every method: nothing in clear is kept, stored or logged.
 *
 * <p>Status follows from the order's dates and the injected {@link Clock}, so an order applies from
 * the instant it starts and stops at the instant it ends with no job running; {@link #sweep} only
 * records those transitions in the history and audit log and tells listeners.
 */
public final class CourtOrderRegistry implements RestrictedClientsFeed {

  private static final Logger LOG = LoggerFactory.getLogger(CourtOrderRegistry.class);
  private static final String SYSTEM = "system";
  private static final HexFormat HEX = HexFormat.of();

  /** What an address update did; the HTTP layer answers the same way for all of them. */
  public enum AddressUpdate {
    /** The line is under a pending or active order and its address was recorded. */
    RECORDED,
    /** The line's address was already this one. */
    UNCHANGED,
    /** The line's session ended and its address was forgotten. */
    CLEARED,
    /** No pending or active order names the line: nothing is kept about it. */
    IGNORED
  }

  /** Immutable state, replaced whole. */
  private record State(
      CourtOrderIndex index,
      SubscriberAddressBook addresses,
      Map<String, CourtOrderStatus> observed) {}

  private final CourtOrderStore store;
  private final IdentifierNormaliser normaliser;
  private final IdentifierPseudonymiser pseudonymiser;
  private final CourtOrderRequestValidator validator;
  private final IdentifierMatcher matcher;
  private final ComplianceReports reports;
  private final Clock clock;
  private final CourtOrderAudit audit;
  private final SubscriberAddressLimits addressLimits;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong version = new AtomicLong();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private volatile State state;
  private String loadedMarker;

  /**
   * Loads the registry from {@code store}.
   *
   * @throws IllegalStateException when the store was written with a different HMAC key
   */
  public CourtOrderRegistry(
      CourtOrderStore store,
      IdentifierPseudonymiser pseudonymiser,
      IdentifierNormaliser normaliser,
      Clock clock,
      CourtOrderAudit audit) {
    this(store, pseudonymiser, normaliser, clock, audit, SubscriberAddressLimits.defaults());
  }

  /**
   * Loads the registry from {@code store}, accepting subscriber addresses within {@code
   * addressLimits}.
   *
   * @throws IllegalStateException when the store was written with a different HMAC key
   */
  public CourtOrderRegistry(
      CourtOrderStore store,
      IdentifierPseudonymiser pseudonymiser,
      IdentifierNormaliser normaliser,
      Clock clock,
      CourtOrderAudit audit,
      SubscriberAddressLimits addressLimits) {
    this.addressLimits = Objects.requireNonNull(addressLimits, "addressLimits");
    this.store = Objects.requireNonNull(store, "store");
    this.pseudonymiser = Objects.requireNonNull(pseudonymiser, "pseudonymiser");
    this.normaliser = Objects.requireNonNull(normaliser, "normaliser");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.validator = new CourtOrderRequestValidator(normaliser, pseudonymiser);
    this.matcher = new IdentifierMatcher(normaliser, pseudonymiser);
    this.reports = new ComplianceReports(store);
    checkKey();
    this.loadedMarker = store.changeMarker();
    this.state = load();
  }

  private void checkKey() {
    String check = pseudonymiser.keyCheck();
    Optional<String> stored = store.loadKeyCheck();
    if (stored.isEmpty()) {
      store.saveKeyCheck(check);
    } else if (!IdentifierPseudonymiser.sameKeyCheck(stored.get(), check)) {
      throw new IllegalStateException(
          "the court-order HMAC key differs from the one this database was written with;"
              + " restore the original key (orders made under it would otherwise match nobody)");
    }
  }

  private State load() {
    CourtOrderIndex index = CourtOrderIndex.of(store.loadOrders());
    Map<String, CourtOrderStatus> observed =
        OrderTransitions.replay(store.loadEvents(), index::byId);
    return new State(index, SubscriberAddressBook.of(store.loadAddresses()), Map.copyOf(observed));
  }

  /**
   * Reloads the register when another process (a second API node on the same PostgreSQL, or the
   * {@code vigil orders} command) has written to the store since this registry last loaded it, and
   * tells listeners. Cheap when nothing changed: one query of two indexed maxima.
   *
   * @return whether it reloaded
   */
  public boolean reloadIfChanged() {
    synchronized (lock) {
      String marker = store.changeMarker();
      if (marker.equals(loadedMarker)) {
        return false;
      }
      // Marker first: a write landing during the load is caught by the next call.
      loadedMarker = marker;
      State fresh = load();
      State current = state;
      if (List.copyOf(fresh.index().orders()).equals(List.copyOf(current.index().orders()))
          && fresh.addresses().addressByLine().equals(current.addresses().addressByLine())
          && fresh.observed().equals(current.observed())) {
        return false; // only this registry's own writes: nothing new
      }
      state = fresh;
    }
    changed();
    return true;
  }

  /**
   * The registry's clock reading, to the microsecond: the precision both databases keep, so that
   * what is reloaded equals what was written.
   */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  // ---------------------------------------------------------------- orders

  /**
   * Registers an order.
   *
   * @param actor the authenticated caller, for the history and audit log
   * @throws VigilException naming the first refused field
   */
  public CourtOrder create(CourtOrderRequest request, String actor) {
    Instant now = now();
    CourtOrder order = validator.validate(request, newId(), now, actor);
    CourtOrderStatus status = order.statusAt(now);
    CourtOrderEvent created =
        new CourtOrderEvent(
            order.id(), CourtOrderEvent.Kind.CREATED, now, actor, "status " + status.wireName());
    synchronized (lock) {
      store.insert(order, created);
      State s = state;
      Map<String, CourtOrderStatus> observed = new HashMap<>(s.observed());
      observed.put(order.id(), status);
      state = new State(s.index().with(order), s.addresses(), observed);
    }
    audit.record(
        actor, "court_order.created", auditSubject(order.id()), orderDetails(order, status));
    changed();
    return order;
  }

  /**
   * Revokes an order from now on.
   *
   * @throws VigilException when no order has {@code id}
   * @throws VigilException when it is already revoked or expired
   */
  public CourtOrder revoke(String id, String reason, String actor) {
    String why = reason == null || reason.isBlank() ? null : reason.strip();
    if (why != null && why.length() > 2_000) {
      throw CourtOrderErrors.invalid("reason", "is longer than 2000 characters");
    }
    CourtOrder revoked;
    synchronized (lock) {
      Instant now = now();
      State s = state;
      CourtOrder order = s.index().byId(id);
      if (order == null) {
        throw VigilException.notFound("court order", id);
      }
      CourtOrderStatus status = order.statusAt(now);
      if (status == CourtOrderStatus.REVOKED || status == CourtOrderStatus.EXPIRED) {
        throw VigilException.conflict(
            "court_order_not_active", "court order '" + id + "' is already " + status.wireName());
      }
      revoked = order.revoked(now, actor, why);
      store.revoke(
          revoked,
          new CourtOrderEvent(
              id, CourtOrderEvent.Kind.REVOKED, now, actor, why == null ? "" : "reason: " + why));
      Map<String, CourtOrderStatus> observed = new HashMap<>(s.observed());
      observed.put(id, CourtOrderStatus.REVOKED);
      state = new State(s.index().with(revoked), s.addresses(), observed);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("caseRef", revoked.caseRef());
    if (why != null) {
      details.put("reason", why);
    }
    audit.record(actor, "court_order.revoked", auditSubject(id), details);
    changed();
    return revoked;
  }

  /**
   * @throws VigilException when no order has {@code id}
   */
  public CourtOrder get(String id) {
    CourtOrder order = id == null ? null : state.index().byId(id);
    if (order == null) {
      throw VigilException.notFound("court order", String.valueOf(id));
    }
    return order;
  }

  /** All orders, newest first, optionally only those with {@code status} now. */
  public List<CourtOrder> list(CourtOrderStatus status) {
    Instant now = now();
    List<CourtOrder> orders = new ArrayList<>();
    for (CourtOrder order : state.index().orders()) {
      if (status == null || order.statusAt(now) == status) {
        orders.add(order);
      }
    }
    orders.sort(Comparator.comparing(CourtOrder::createdAt).reversed());
    return orders;
  }

  // ---------------------------------------------------------------- platform decisions

  /**
   * The active orders that bar a person with these identifiers from {@code category} now. Costs one
   * HMAC and one hash lookup per identifier.
   *
   * @param identifiers identifiers in clear (normalised here); absent or blank values are skipped
   * @throws VigilException when an identifier cannot be normalised, naming it as {@code
   *     actor.identifiers.<field>}
   */
  public List<CourtOrderMatch> match(
      Map<IdentifierType, String> identifiers, ServiceCategory category) {
    return match(identifiers, category, now());
  }

  /** {@link #match(Map, ServiceCategory)} as of {@code now} (a decide call's moment). */
  public List<CourtOrderMatch> match(
      Map<IdentifierType, String> identifiers, ServiceCategory category, Instant now) {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(now, "now");
    return matcher.match(state.index(), identifiers, category, now);
  }

  /**
   * {@link #match}, and when it finds orders, records one denial per order for the compliance
   * report. A failure to record is logged, never turned into an allow: enforcement comes first.
   *
   * @param action the refused decide action, e.g. {@code signup}
   */
  public List<CourtOrderMatch> enforce(
      Map<IdentifierType, String> identifiers, ServiceCategory category, String action) {
    return enforce(identifiers, category, action, now());
  }

  /** {@link #enforce(Map, ServiceCategory, String)} as of {@code now}. */
  public List<CourtOrderMatch> enforce(
      Map<IdentifierType, String> identifiers,
      ServiceCategory category,
      String action,
      Instant now) {
    List<CourtOrderMatch> matches = match(identifiers, category, now);
    if (!matches.isEmpty()) {
      for (CourtOrderMatch match : matches) {
        // The matched identifier's pseudonym: the same probe repeated is one attempt.
        IdentifierType type = match.matchedBy();
        String attemptKey = matcher.pseudonym(type, identifiers.get(type));
        try {
          store.recordDenial(
              new CourtOrderDenial(match.orderId(), now, category, action, attemptKey));
        } catch (RuntimeException e) {
          LOG.error("could not record a denial for court order {}", match.orderId(), e);
        }
      }
    }
    return matches;
  }

  // ---------------------------------------------------------------- provider enforcement

  /**
   * Records the address a subscriber line now uses, as the provider's RADIUS accounting reports it
   * (Accounting-Start or Interim-Update with Framed-IP-Address or a delegated IPv6 prefix; a null
   * address for Accounting-Stop).
   *
   * <p>Vigil keeps addresses only of lines named by a pending or active order: for every other line
   * the update only releases a restricted line that held the same address before (the address has
   * been handed to someone else, who must not inherit the restriction), and is otherwise forgotten.
   *
   * @param subscriberLine the provider's line id in clear (pseudonymised here)
   * @param address an IPv4/IPv6 address or prefix, or null when the session ended
   * @throws VigilException for an empty line id or an unreadable address
   */
  public AddressUpdate updateSubscriberAddress(
      String subscriberLine, String address, String actor) {
    String line =
        pseudonymiser.pseudonymise(
            IdentifierType.SUBSCRIBER_LINE,
            normaliser.normalise(IdentifierType.SUBSCRIBER_LINE, subscriberLine, "subscriberLine"));
    String canonical = null;
    if (address != null && !address.isBlank()) {
      canonical =
          NetworkAddresses.canonical(address)
              .orElseThrow(
                  () ->
                      CourtOrderErrors.invalid(
                          "address", "is not an IPv4 or IPv6 address or CIDR prefix"));
      addressLimits.check(canonical);
    }
    // Fast path, no lock: the update concerns no restricted line (the common case at a provider).
    State seen = state;
    if (!namedByLiveOrder(seen.index(), line, now())
        && !seen.addresses().concerns(line, canonical)) {
      return AddressUpdate.IGNORED;
    }
    List<SubscriberAddressChange> changes;
    AddressUpdate outcome;
    synchronized (lock) {
      Instant now = now();
      State s = state;
      SubscriberAddressBook.Update update =
          s.addresses().update(line, canonical, namedByLiveOrder(s.index(), line, now), now, actor);
      changes = update.changes();
      outcome = AddressUpdate.valueOf(update.outcome().name());
      for (SubscriberAddressChange change : changes) {
        store.saveAddressChange(change);
      }
      if (!changes.isEmpty()) {
        state = new State(s.index(), update.book(), s.observed());
      }
    }
    for (SubscriberAddressChange change : changes) {
      auditAddressChange(change, actor);
      if (change.reason().equals("reassigned")) {
        auditReassignment(change, actor);
      }
    }
    if (!changes.isEmpty()) {
      changed();
    }
    return outcome;
  }

  private static boolean namedByLiveOrder(CourtOrderIndex index, String line, Instant now) {
    for (CourtOrder order : index.ordersNaming(line)) {
      CourtOrderStatus status = order.statusAt(now);
      if ((status == CourtOrderStatus.ACTIVE || status == CourtOrderStatus.PENDING)
          && order.pseudonyms(IdentifierType.SUBSCRIBER_LINE).contains(line)) {
        return true;
      }
    }
    return false;
  }

  private void auditAddressChange(SubscriberAddressChange change, String actor) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("address", change.address());
    details.put("reason", change.reason());
    audit.record(
        actor,
        "court_order.subscriber_address",
        "subscriber_line:" + change.linePseudonym(),
        details);
  }

  /**
   * A reassignment releases a restricted line: recorded under every order naming the line, so the
   * order's own audit trail shows which key's report lifted the restriction.
   */
  private void auditReassignment(SubscriberAddressChange change, String actor) {
    for (CourtOrder order : state.index().ordersNaming(change.linePseudonym())) {
      if (!order.pseudonyms(IdentifierType.SUBSCRIBER_LINE).contains(change.linePseudonym())) {
        continue;
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("line", change.linePseudonym());
      details.put("at", change.at().toString());
      audit.record(actor, "court_order.address_reassigned", auditSubject(order.id()), details);
    }
  }

  @Override
  public List<RestrictedClient> activeAt(Instant now) {
    Objects.requireNonNull(now, "now");
    State s = state;
    List<RestrictedClient> clients = new ArrayList<>();
    for (CourtOrder order : s.index().orders()) {
      if (order.statusAt(now) != CourtOrderStatus.ACTIVE) {
        continue;
      }
      for (String line : order.pseudonyms(IdentifierType.SUBSCRIBER_LINE)) {
        String address = s.addresses().addressOf(line);
        if (address != null) {
          clients.add(new RestrictedClient(address, order.scope(), order.id()));
        }
      }
    }
    clients.sort(
        Comparator.comparing(RestrictedClient::address).thenComparing(RestrictedClient::orderId));
    return clients;
  }

  @Override
  public long version() {
    return version.get();
  }

  @Override
  public Optional<Instant> nextTransitionAfter(Instant now) {
    Instant next = null;
    for (CourtOrder order : state.index().orders()) {
      if (order.revokedAt() != null) {
        continue;
      }
      for (Instant t : new Instant[] {order.startsAt(), order.endsAt()}) {
        if (t.isAfter(now) && (next == null || t.isBefore(next))) {
          next = t;
        }
      }
    }
    return Optional.ofNullable(next);
  }

  @Override
  public void addChangeListener(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  // ---------------------------------------------------------------- time

  /**
   * Records the activations and expiries that happened since the last sweep (history, audit log),
   * forgets addresses of lines no pending or active order names any more, and tells listeners. Run
   * it periodically; correctness of decisions does not depend on it.
   *
   * @return the number of transitions recorded
   */
  public int sweep() {
    List<CourtOrderEvent> transitions;
    List<SubscriberAddressChange> released;
    synchronized (lock) {
      Instant now = now();
      State s = state;
      OrderTransitions.Result observed =
          OrderTransitions.since(s.index().orders(), s.observed(), now, SYSTEM);
      transitions = observed.events();
      SubscriberAddressBook.Update release =
          s.addresses().releaseUnless(line -> namedByLiveOrder(s.index(), line, now), now, SYSTEM);
      released = release.changes();
      for (CourtOrderEvent event : transitions) {
        store.appendEvent(event);
      }
      for (SubscriberAddressChange change : released) {
        store.saveAddressChange(change);
      }
      if (!transitions.isEmpty() || !released.isEmpty()) {
        state = new State(s.index(), release.book(), Map.copyOf(observed.observed()));
      }
    }
    for (CourtOrderEvent event : transitions) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("effectiveAt", event.at().toString());
      audit.record(
          SYSTEM, "court_order." + event.kind().wireName(), auditSubject(event.orderId()), details);
    }
    for (SubscriberAddressChange change : released) {
      auditAddressChange(change, SYSTEM);
    }
    if (!transitions.isEmpty() || !released.isEmpty()) {
      changed();
    }
    return transitions.size();
  }

  // ---------------------------------------------------------------- reporting

  /**
   * Records that DNS enforcement regenerated resolver bindings covering these orders, for their
   * compliance reports.
   *
   * @param resolver a label for the resolver, e.g. {@code bind-madrid-1}
   */
  public void recordDnsBindingRegeneration(String resolver, List<String> orderIds) {
    Instant now = now();
    for (String orderId : orderIds) {
      CourtOrder order = state.index().byId(orderId);
      if (order != null) {
        reports.recordDnsBindingRegeneration(order, resolver, now, SYSTEM);
      }
    }
  }

  /**
   * Everything a court may ask about one order (see {@link ComplianceReports}).
   *
   * @throws VigilException when no order has {@code id}
   */
  public ComplianceReport complianceReport(String id) {
    return reports.of(get(id), now());
  }

  // ---------------------------------------------------------------- internals

  /** The audit log's subject for an order, e.g. {@code court_order:co-5f0c2a7e9b41d3c8}. */
  public static String auditSubject(String orderId) {
    return "court_order:" + orderId;
  }

  private String newId() {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    return "co-" + HEX.formatHex(bytes);
  }

  private static Map<String, Object> orderDetails(CourtOrder order, CourtOrderStatus status) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("court", order.court());
    details.put("caseRef", order.caseRef());
    details.put("startsAt", order.startsAt().toString());
    details.put("endsAt", order.endsAt().toString());
    details.put("scope", order.scope().stream().map(ServiceCategory::wireName).sorted().toList());
    Map<String, Integer> counts = new LinkedHashMap<>();
    order.subject().forEach((type, set) -> counts.put(type.subjectField(), set.size()));
    details.put("identifiers", counts);
    details.put("status", status.wireName());
    return details;
  }

  private void changed() {
    version.incrementAndGet();
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.error("a court-order change listener failed", e);
      }
    }
  }
}
