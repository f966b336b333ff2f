package org.vigil.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.RestrictedClient;

/**
 * The restricted clients of one moment, merged per address: a subscriber covered by two orders gets
 * the union of their categories, because a resolver applies one policy set per client.
 *
 * <p>Lookups by exact address are one hash probe; networks (delegated IPv6 prefixes) are scanned,
 * as they are few.
 */
public final class RestrictedClientIndex {
  private static final Logger LOG = LoggerFactory.getLogger(RestrictedClientIndex.class);

  /** One address or network and everything that restricts it. */
  public record Entry(ClientPrefix prefix, Set<ServiceCategory> categories, Set<String> orderIds) {}

  private final List<Entry> entries;
  private final Map<InetAddress, Set<ServiceCategory>> hosts;
  private final List<Entry> networks;

  private RestrictedClientIndex(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    Map<InetAddress, Set<ServiceCategory>> hostMap = new HashMap<>();
    List<Entry> nets = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.prefix().isHost()) {
        hostMap.put(address(entry.prefix()), entry.categories());
      } else {
        nets.add(entry);
      }
    }
    this.hosts = Map.copyOf(hostMap);
    this.networks = List.copyOf(nets);
  }

  /**
   * Merges the registry's list. An entry whose address is not an IP literal is skipped with a
   * warning rather than failing every other subscriber's enforcement.
   */
  public static RestrictedClientIndex of(List<RestrictedClient> clients) {
    Map<ClientPrefix, EnumSet<ServiceCategory>> categories = new LinkedHashMap<>();
    Map<ClientPrefix, Set<String>> orders = new HashMap<>();
    for (RestrictedClient client : clients) {
      ClientPrefix prefix;
      try {
        prefix = ClientPrefix.parse(client.address());
      } catch (IllegalArgumentException e) {
        LOG.warn("skipping restricted client of order {}: {}", client.orderId(), e.getMessage());
        continue;
      }
      if (client.categories().isEmpty()) {
        continue;
      }
      categories
          .computeIfAbsent(prefix, p -> EnumSet.noneOf(ServiceCategory.class))
          .addAll(client.categories());
      orders.computeIfAbsent(prefix, p -> new TreeSet<>()).add(client.orderId());
    }
    List<Entry> entries = new ArrayList<>();
    categories.forEach(
        (prefix, set) ->
            entries.add(
                new Entry(
                    prefix,
                    Collections.unmodifiableSet(EnumSet.copyOf(set)),
                    Collections.unmodifiableSet(orders.get(prefix)))));
    entries.sort((a, b) -> a.prefix().cidr().compareTo(b.prefix().cidr()));
    return new RestrictedClientIndex(entries);
  }

  /** Every merged entry, sorted by address for stable generated configuration. */
  public List<Entry> entries() {
    return entries;
  }

  /** The categories restricted for {@code client}; empty when it is under no order. */
  public Set<ServiceCategory> categoriesFor(InetAddress client) {
    Set<ServiceCategory> exact = hosts.get(client);
    if (networks.isEmpty()) {
      return exact == null ? Set.of() : exact;
    }
    EnumSet<ServiceCategory> result = EnumSet.noneOf(ServiceCategory.class);
    if (exact != null) {
      result.addAll(exact);
    }
    for (Entry network : networks) {
      if (network.prefix().contains(client)) {
        result.addAll(network.categories());
      }
    }
    return result;
  }

  private static InetAddress address(ClientPrefix prefix) {
    String cidr = prefix.cidr();
    try {
      return InetAddress.getByName(cidr.substring(0, cidr.indexOf('/')));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
