package org.vigil.core.banks.exchanges;

import java.util.List;

/**
 * One page of an exchange's changes.
 *
 * @param deltas the changes, in the order they must be applied
 * @param checkpoint where the next fetch continues; stored once this page is applied. Equal to the
 *     previous checkpoint when nothing changed (e.g. an HTTP 304)
 * @param more true when another page follows at once (the sync loop keeps fetching)
 * @param snapshot true when this page ALONE is the exchange's complete list (a plain file fetched
 *     in full): every signal this exchange holds in the bank that the page does not name is
 *     withdrawn ("deletion by omission"). Requires {@code more == false}
 * @param skipped entries the adapter read but could not use (an unsupported hash type, a malformed
 *     value), counted so an operator sees them
 */
public record FetchPage(
    List<Delta> deltas, String checkpoint, boolean more, boolean snapshot, int skipped) {

  public FetchPage {
    deltas = List.copyOf(deltas);
    if (snapshot && more) {
      throw new IllegalArgumentException("a complete list is one page: snapshot needs more=false");
    }
    if (skipped < 0) {
      throw new IllegalArgumentException("skipped must not be negative");
    }
  }

  /** A page that changes nothing and keeps {@code checkpoint}. */
  public static FetchPage unchanged(String checkpoint) {
    return new FetchPage(List.of(), checkpoint, false, false, 0);
  }
}
