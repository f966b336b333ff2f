package org.vigil.core.banks.exchanges;

/**
 * What fetching changed.
 *
 * @param added signals the exchange newly holds in the bank
 * @param updated signals whose exchange metadata (external id, categories, tags) changed
 * @param removed signals the exchange withdrew
 * @param skipped entries the adapter could not use
 */
public record FetchCounts(long added, long updated, long removed, long skipped) {

  public static final FetchCounts ZERO = new FetchCounts(0, 0, 0, 0);

  public FetchCounts plus(FetchCounts other) {
    return new FetchCounts(
        added + other.added,
        updated + other.updated,
        removed + other.removed,
        skipped + other.skipped);
  }
}
