package org.vigil.core.banks.exchanges;

import java.util.Optional;

/**
 * One connection to one exchange, made by an {@link ExchangeAdapterFactory} from an {@link
 * ExchangeConfig}. An adapter holds no state between calls that matters for correctness: all it
 * needs to resume is the checkpoint it returned last, which {@link ExchangeSync} stores only after
 * the page's bank changes are durable.
 */
public interface ExchangeAdapter {

  /**
   * The page of changes after {@code checkpoint} (empty: from the beginning).
   *
   * <p>Applying a page twice must leave the bank as applying it once (a crash between the bank
   * write and the checkpoint write re-applies the page), so deltas say what the exchange holds, not
   * what changed relative to the bank.
   *
   * @throws ExchangeException for authentication failures, throttling, unreachable servers and
   *     answers that do not follow the exchange's protocol
   */
  FetchPage fetch(Optional<String> checkpoint);

  /** True when the exchange takes feedback through {@link #report}. */
  boolean acceptsFeedback();

  /**
   * Tells the exchange what we concluded about one of its signals.
   *
   * @throws UnsupportedOperationException when {@link #acceptsFeedback()} is false
   * @throws ExchangeException when the exchange refuses or cannot be reached
   */
  void report(ExchangeSignal signal, Opinion opinion);
}
