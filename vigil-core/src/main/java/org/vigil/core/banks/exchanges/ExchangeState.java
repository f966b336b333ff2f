package org.vigil.core.banks.exchanges;

import java.time.Instant;

/**
 * Where an exchange's sync stands.
 *
 * @param checkpoint where the next fetch continues (null: from the beginning)
 * @param lastFetchAt when the last fetch started, successful or not
 * @param lastSuccessAt when a fetch last ran to its last page
 * @param last counts of the last fetch (of the pages applied so far, if it failed part-way)
 * @param total counts since the exchange was created
 * @param lastError the last fetch's failure, cleared by a successful one
 */
public record ExchangeState(
    String exchange,
    String checkpoint,
    Instant lastFetchAt,
    Instant lastSuccessAt,
    FetchCounts last,
    FetchCounts total,
    String lastError,
    Instant lastErrorAt) {

  public static ExchangeState initial(String exchange) {
    return new ExchangeState(
        exchange, null, null, null, FetchCounts.ZERO, FetchCounts.ZERO, null, null);
  }
}
