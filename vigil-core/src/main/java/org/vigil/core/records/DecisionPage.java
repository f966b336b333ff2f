package org.vigil.core.records;

import java.util.List;

/**
 * One page of decisions.
 *
 * @param decisions newest first
 * @param next the cursor for the next page, or null when this was the last
 */
public record DecisionPage(List<DecisionRecord> decisions, String next) {
  public DecisionPage {
    decisions = List.copyOf(decisions);
  }
}
