package org.vigil.dns.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.RestrictedClient;
import org.vigil.core.courtorders.RestrictedClients;

/**
 * A small stand-in for the court-order registry in unit tests: orders on subscriber lines with a
 * validity period, and the line-to-address map the provider's RADIUS accounting keeps current.
 */
public final class InMemoryRestrictedClients implements RestrictedClients {
  private record Order(
      String id, String line, Set<ServiceCategory> categories, Instant from, Instant until) {}

  private final List<Order> orders = new CopyOnWriteArrayList<>();
  private final Map<String, String> lineAddresses = new ConcurrentHashMap<>();

  public void addOrder(
      String id, String line, Set<ServiceCategory> categories, Instant from, Instant until) {
    orders.add(new Order(id, line, categories, from, until));
  }

  public void mapLine(String line, String address) {
    lineAddresses.put(line, address);
  }

  @Override
  public List<RestrictedClient> activeAt(Instant now) {
    List<RestrictedClient> result = new ArrayList<>();
    for (Order order : orders) {
      String address = lineAddresses.get(order.line());
      if (address != null && !now.isBefore(order.from()) && now.isBefore(order.until())) {
        result.add(new RestrictedClient(address, order.categories(), order.id()));
      }
    }
    return result;
  }
}
