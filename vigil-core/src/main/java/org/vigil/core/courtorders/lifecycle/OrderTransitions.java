package org.vigil.core.courtorders.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vigil.core.courtorders.CourtOrder;
import org.vigil.core.courtorders.CourtOrderEvent;
import org.vigil.core.courtorders.CourtOrderStatus;

/**
 * An order's status follows from its dates and the clock, so nothing has to run for an order to
 * start or stop applying. What does need recording is that a transition was observed (history and
 * audit log): this compares the statuses last observed with those now.
 */
public final class OrderTransitions {

  /** The transitions to record, and the statuses now observed. */
  public record Result(List<CourtOrderEvent> events, Map<String, CourtOrderStatus> observed) {}

  private OrderTransitions() {}

  /** The status each order was last observed in, replayed from its stored history. */
  public static Map<String, CourtOrderStatus> replay(
      List<CourtOrderEvent> history, Function<String, CourtOrder> byId) {
    Map<String, CourtOrderStatus> observed = new HashMap<>();
    for (CourtOrderEvent event : history) {
      CourtOrder order = byId.apply(event.orderId());
      if (order == null) {
        continue;
      }
      switch (event.kind()) {
        case CREATED -> observed.put(order.id(), order.statusAt(event.at()));
        case ACTIVATED -> observed.put(order.id(), CourtOrderStatus.ACTIVE);
        case EXPIRED -> observed.put(order.id(), CourtOrderStatus.EXPIRED);
        case REVOKED -> observed.put(order.id(), CourtOrderStatus.REVOKED);
        default -> {}
      }
    }
    return observed;
  }

  /**
   * Activations and expiries since {@code observed}, as of {@code now}, recorded by {@code actor}.
   */
  public static Result since(
      Collection<CourtOrder> orders,
      Map<String, CourtOrderStatus> observed,
      Instant now,
      String actor) {
    List<CourtOrderEvent> events = new ArrayList<>();
    Map<String, CourtOrderStatus> next = new HashMap<>(observed);
    for (CourtOrder order : orders) {
      CourtOrderStatus before = next.getOrDefault(order.id(), CourtOrderStatus.PENDING);
      CourtOrderStatus after = order.statusAt(now);
      if (before == after || before == CourtOrderStatus.REVOKED) {
        continue;
      }
      if (before == CourtOrderStatus.PENDING && after != CourtOrderStatus.PENDING) {
        events.add(
            new CourtOrderEvent(
                order.id(),
                CourtOrderEvent.Kind.ACTIVATED,
                order.startsAt(),
                actor,
                "observed at " + now));
      }
      if (after == CourtOrderStatus.EXPIRED) {
        events.add(
            new CourtOrderEvent(
                order.id(),
                CourtOrderEvent.Kind.EXPIRED,
                order.endsAt(),
                actor,
                "observed at " + now));
      }
      next.put(order.id(), after);
    }
    return new Result(events, next);
  }
}
