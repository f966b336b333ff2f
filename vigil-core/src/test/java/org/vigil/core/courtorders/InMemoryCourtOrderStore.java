package org.vigil.core.courtorders;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.vigil.core.catalogue.ServiceCategory;

/**
 * A {@link CourtOrderStore} that keeps everything in the heap and forgets it on exit. For wiring a
 * registry where nothing must survive a restart (tests of other modules, demos); the server uses
 * the JDBC store.
 */
public final class InMemoryCourtOrderStore implements CourtOrderStore {

  private String keyCheck;
  private final Map<String, CourtOrder> orders = new LinkedHashMap<>();
  private final List<CourtOrderEvent> events = new ArrayList<>();
  private final List<CourtOrderDenial> denials = new ArrayList<>();
  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final List<SubscriberAddressChange> addressChanges = new ArrayList<>();

  @Override
  public synchronized String changeMarker() {
    return events.size() + ":" + addressChanges.size();
  }

  @Override
  public synchronized Optional<String> loadKeyCheck() {
    return Optional.ofNullable(keyCheck);
  }

  @Override
  public synchronized void saveKeyCheck(String keyCheck) {
    this.keyCheck = keyCheck;
  }

  @Override
  public synchronized void insert(CourtOrder order, CourtOrderEvent created) {
    if (orders.putIfAbsent(order.id(), order) != null) {
      throw new IllegalStateException("duplicate order id " + order.id());
    }
    events.add(created);
  }

  @Override
  public synchronized void revoke(CourtOrder revoked, CourtOrderEvent event) {
    orders.put(revoked.id(), revoked);
    events.add(event);
  }

  @Override
  public synchronized List<CourtOrder> loadOrders() {
    return List.copyOf(orders.values());
  }

  @Override
  public synchronized void appendEvent(CourtOrderEvent event) {
    events.add(event);
  }

  @Override
  public synchronized List<CourtOrderEvent> loadEvents() {
    return List.copyOf(events);
  }

  @Override
  public synchronized List<CourtOrderEvent> events(String orderId) {
    return events.stream().filter(e -> e.orderId().equals(orderId)).toList();
  }

  @Override
  public synchronized void recordDenial(CourtOrderDenial denial) {
    // One per attempt key, order, UTC day, category and action, like the JDBC store's index.
    LocalDate day = LocalDate.ofInstant(denial.at(), ZoneOffset.UTC);
    for (CourtOrderDenial d : denials) {
      if (denial.attemptKey() != null
          && denial.attemptKey().equals(d.attemptKey())
          && d.orderId().equals(denial.orderId())
          && d.category() == denial.category()
          && d.action().equals(denial.action())
          && LocalDate.ofInstant(d.at(), ZoneOffset.UTC).equals(day)) {
        return;
      }
    }
    denials.add(denial);
  }

  @Override
  public synchronized List<DenialCount> denialCounts(String orderId) {
    record Key(LocalDate day, ServiceCategory category) {}
    Map<Key, Long> counts =
        new TreeMap<>(
            Comparator.comparing(Key::day).thenComparing(Key::category, Comparator.naturalOrder()));
    for (CourtOrderDenial denial : denials) {
      if (denial.orderId().equals(orderId)) {
        LocalDate day = LocalDate.ofInstant(denial.at(), ZoneOffset.UTC);
        counts.merge(new Key(day, denial.category()), 1L, Long::sum);
      }
    }
    return counts.entrySet().stream()
        .map(e -> new DenialCount(e.getKey().day(), e.getKey().category(), e.getValue()))
        .toList();
  }

  @Override
  public synchronized Map<String, String> loadAddresses() {
    return Map.copyOf(addresses);
  }

  @Override
  public synchronized void saveAddressChange(SubscriberAddressChange change) {
    if (change.address() == null) {
      addresses.remove(change.linePseudonym());
    } else {
      addresses.put(change.linePseudonym(), change.address());
    }
    addressChanges.add(change);
  }

  @Override
  public synchronized List<SubscriberAddressChange> addressChanges(
      Collection<String> linePseudonyms) {
    Set<String> wanted = new HashSet<>(linePseudonyms);
    return addressChanges.stream().filter(c -> wanted.contains(c.linePseudonym())).toList();
  }
}
