package org.vigil.core.matcher;

import org.vigil.hash.PdqHash;

/**
 * A hash list asked at scan time instead of fetched (Arachnid Shield): its holder does not share
 * the list, it answers whether one hash is on it. Only the PDQ hash leaves Vigil, never the content
 * or what the platform said about it. Implemented by exchange adapters whose type works this way.
 */
public interface RemoteLookup {

  /**
   * The service's verdict on one PDQ hash.
   *
   * @throws org.vigil.core.banks.exchanges.ExchangeException when it cannot answer
   */
  Verdict lookup(PdqHash pdq);

  /**
   * @param hit whether the hash is on the list (a test entry, or no match, is not a hit)
   * @param classification the service's word for it, e.g. {@code csam}, {@code no-known-match}
   * @param externalId the service's id of the matched entry, or null
   */
  record Verdict(boolean hit, String classification, String matchType, String externalId) {}
}
