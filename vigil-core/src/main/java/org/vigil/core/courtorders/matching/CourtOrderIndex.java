package org.vigil.core.courtorders.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigil.core.courtorders.CourtOrder;

/**
 * An immutable snapshot of the registry, rebuilt on every change and swapped in whole (copy on
 * write): decisions read it without locks.
 *
 * <p>Layout: one {@link HashMap} from pseudonym to the (usually one) non-revoked orders naming it,
 * as a small array, so a decide call costs one HMAC per identifier and one hash lookup each,
 * whatever the number of orders. Pseudonyms of different identifier types cannot collide because
 * the type is part of the HMAC input. Expired orders stay in the map: whether an order applies is
 * decided at lookup time from its dates, so activation and expiry need no rebuild. Orders are few
 * (a country issues thousands, not millions), so rebuilding costs microseconds to milliseconds.
 */
public final class CourtOrderIndex {

  private static final CourtOrder[] NONE = new CourtOrder[0];

  private final Map<String, CourtOrder> byId;
  private final Map<String, CourtOrder[]> byPseudonym;

  private CourtOrderIndex(Map<String, CourtOrder> byId, Map<String, CourtOrder[]> byPseudonym) {
    this.byId = byId;
    this.byPseudonym = byPseudonym;
  }

  public static CourtOrderIndex of(Collection<CourtOrder> orders) {
    Map<String, CourtOrder> byId = new LinkedHashMap<>();
    Map<String, List<CourtOrder>> lists = new HashMap<>();
    for (CourtOrder order : orders) {
      byId.put(order.id(), order);
      if (order.revokedAt() != null) {
        continue;
      }
      for (Set<String> pseudonyms : order.subject().values()) {
        for (String pseudonym : pseudonyms) {
          lists.computeIfAbsent(pseudonym, k -> new ArrayList<>(1)).add(order);
        }
      }
    }
    Map<String, CourtOrder[]> byPseudonym = new HashMap<>(lists.size() * 2);
    lists.forEach((pseudonym, list) -> byPseudonym.put(pseudonym, list.toArray(NONE)));
    return new CourtOrderIndex(Collections.unmodifiableMap(byId), byPseudonym);
  }

  /** A copy with {@code order} added or replaced. */
  public CourtOrderIndex with(CourtOrder order) {
    Map<String, CourtOrder> orders = new LinkedHashMap<>(byId);
    orders.put(order.id(), order);
    return of(orders.values());
  }

  /** The non-revoked orders naming {@code pseudonym}; an empty array when none. */
  public CourtOrder[] ordersNaming(String pseudonym) {
    CourtOrder[] orders = byPseudonym.get(pseudonym);
    return orders == null ? NONE : orders;
  }

  public CourtOrder byId(String id) {
    return byId.get(id);
  }

  /** All orders, in registration order. */
  public Collection<CourtOrder> orders() {
    return byId.values();
  }
}
