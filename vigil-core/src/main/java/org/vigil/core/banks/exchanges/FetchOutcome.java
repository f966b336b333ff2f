package org.vigil.core.banks.exchanges;

/**
 * What one fetch did.
 *
 * @param pages pages applied
 * @param complete true when the exchange said no more pages follow
 * @param error why the fetch stopped early, or null; the pages before it stay applied and the
 *     checkpoint stays after the last of them
 */
public record FetchOutcome(
    String exchange,
    FetchCounts counts,
    int pages,
    boolean complete,
    String checkpoint,
    String error) {

  public boolean failed() {
    return error != null;
  }
}
