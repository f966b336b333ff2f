package org.vigil.core.minors;

/**
 * One concern consulted by {@link DecideService}, in order: court orders first (a match ends the
 * decision), then minimum age and protection of minors. A check adds its outcome and reasons to the
 * decision being built; the strictest outcome wins, and the first deny ends the decision.
 *
 * <p>Checks must be pure and fast (they run on every decide call) and thread-safe.
 */
public interface DecisionCheck {

  /** A short stable name, e.g. {@code minors}, {@code court_orders}. */
  String name();

  /** The version of the data the check decides with, reported in the policy version. */
  String policyVersion();

  /** Adds this check's verdict on {@code context} to {@code decision}. */
  void check(DecisionContext context, DecisionBuilder decision);
}
