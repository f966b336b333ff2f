package org.vigil.core.courtorders;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the registry keeps its record. Holds only pseudonyms: the registry hashes before it calls
 * any method here. Implementations: JDBC (vigil-store) for H2 and PostgreSQL, {@link
 * InMemoryCourtOrderStore} for a registry without persistence.
 *
 * <p>The registry reads everything once at start ({@link #loadOrders}, {@link #loadAddresses}) and
 * from then on writes through; orders are few (thousands at most), so the whole registry lives in
 * memory and decisions never touch the store.
 */
public interface CourtOrderStore {

  /**
   * A value that changes whenever any process writes to the court-order tables (orders and
   * transitions are recorded as events, addresses as changes; both are append-only), so a registry
   * can tell cheaply that another server or the CLI changed the register and reload it.
   */
  String changeMarker();

  /** The key check saved at first start, if any (see {@link IdentifierPseudonymiser#keyCheck}). */
  Optional<String> loadKeyCheck();

  void saveKeyCheck(String keyCheck);

  /** Saves a new order together with its first history event, atomically. */
  void insert(CourtOrder order, CourtOrderEvent created);

  /** Marks an order revoked together with its history event, atomically. */
  void revoke(CourtOrder revoked, CourtOrderEvent event);

  List<CourtOrder> loadOrders();

  void appendEvent(CourtOrderEvent event);

  /** Every event of every order, oldest first (to know which transitions were already observed). */
  List<CourtOrderEvent> loadEvents();

  List<CourtOrderEvent> events(String orderId);

  void recordDenial(CourtOrderDenial denial);

  /** Denials of one order, counted by UTC day and category, oldest day first. */
  List<DenialCount> denialCounts(String orderId);

  /** Current address of each line pseudonym. */
  Map<String, String> loadAddresses();

  /** Sets (or, when the address is null, removes) a line's address and records the change. */
  void saveAddressChange(SubscriberAddressChange change);

  /** Recorded changes of the given line pseudonyms, oldest first. */
  List<SubscriberAddressChange> addressChanges(Collection<String> linePseudonyms);
}
