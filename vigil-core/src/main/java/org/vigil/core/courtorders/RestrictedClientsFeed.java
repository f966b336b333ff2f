package org.vigil.core.courtorders;

import java.time.Instant;
import java.util.Optional;

/**
 * {@link RestrictedClients} that also says when its answer may have changed, so DNS enforcement can
 * regenerate bindings on change instead of polling.
 *
 * <p>The answer of {@link #activeAt} changes for two reasons:
 *
 * <ol>
 *   <li>a registry change (order created or revoked, a line's address set, moved or cleared):
 *       {@link #version()} increases and every listener is called after the change is committed;
 *   <li>time passing an order's start or end: nothing changes in the registry, so {@link
 *       #nextTransitionAfter} tells when to look again; in addition the registry's sweep calls the
 *       listeners when it observes such a transition (within the sweep interval).
 * </ol>
 */
public interface RestrictedClientsFeed extends RestrictedClients {

  /** A number that increases with every registry change that can alter {@link #activeAt}. */
  long version();

  /** The first order start or end strictly after {@code now}, if any is scheduled. */
  Optional<Instant> nextTransitionAfter(Instant now);

  /**
   * Registers {@code listener}, called on the changing thread after each change (outside any lock;
   * exceptions are logged and swallowed so that one listener cannot block the registry).
   */
  void addChangeListener(Runnable listener);
}
