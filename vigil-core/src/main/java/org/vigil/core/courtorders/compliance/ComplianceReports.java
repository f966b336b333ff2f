package org.vigil.core.courtorders.compliance;

import java.time.Instant;
import java.util.List;
import org.vigil.core.courtorders.ComplianceReport;
import org.vigil.core.courtorders.CourtOrder;
import org.vigil.core.courtorders.CourtOrderEvent;
import org.vigil.core.courtorders.CourtOrderStore;
import org.vigil.core.courtorders.DenialCount;
import org.vigil.core.courtorders.IdentifierType;

/**
 * What a court may ask about one order: metadata (pseudonymous), status history, refusals by day
 * and category (one per identifier, day, category and action), the address changes of its
 * subscriber lines with the key that reported each, and DNS binding regenerations.
 */
public final class ComplianceReports {

  private final CourtOrderStore store;

  public ComplianceReports(CourtOrderStore store) {
    this.store = store;
  }

  /** The report for {@code order} as of {@code now}. */
  public ComplianceReport of(CourtOrder order, Instant now) {
    List<DenialCount> denials = store.denialCounts(order.id());
    long total = 0;
    for (DenialCount count : denials) {
      total += count.count();
    }
    return new ComplianceReport(
        order,
        order.statusAt(now),
        now,
        store.events(order.id()),
        denials,
        total,
        store.addressChanges(order.pseudonyms(IdentifierType.SUBSCRIBER_LINE)));
  }

  /** Records that DNS enforcement regenerated bindings covering {@code order}. */
  public void recordDnsBindingRegeneration(
      CourtOrder order, String resolver, Instant now, String actor) {
    store.appendEvent(
        new CourtOrderEvent(
            order.id(),
            CourtOrderEvent.Kind.DNS_BINDINGS_REGENERATED,
            now,
            actor,
            "resolver " + resolver));
  }
}
