package org.vigil.core.banks.exchanges;

import java.time.Instant;
import java.util.List;

/**
 * Where a bank signal came from: one row per (signal, exchange) that holds it.
 *
 * @param firstFetchedAt when this exchange first gave us the signal
 * @param fetchedAt when the exchange last sent it (metadata as of then)
 */
public record SignalProvenance(
    long signalId,
    String bank,
    String exchange,
    String externalId,
    List<String> categories,
    List<String> tags,
    Instant firstFetchedAt,
    Instant fetchedAt) {

  public SignalProvenance {
    categories = categories == null ? List.of() : List.copyOf(categories);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
