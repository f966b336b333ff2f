package org.vigil.core.matcher;

import java.time.Instant;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.Signal;

/**
 * What a bank match becomes before the policy sees it: the match itself (with its signal's category
 * and source), a {@link org.vigil.core.signal.BenignMatch} when the hash is marked benign in a
 * negative bank, or a {@link org.vigil.core.signal.HeldMatch} when the flood guard holds the
 * signal.
 */
@FunctionalInterface
public interface MatchScreen {

  /** Every match acted on as it is. */
  MatchScreen NONE = (match, item, tenant, at) -> match;

  /**
   * @param match the match as the scan found it
   * @param item what was scanned: the platform's content id, else the scanned hash (the flood guard
   *     counts distinct items)
   * @param tenant the tenant whose scan it is (a hold's webhook goes to it)
   */
  Signal screen(HashMatch match, String item, String tenant, Instant at);
}
