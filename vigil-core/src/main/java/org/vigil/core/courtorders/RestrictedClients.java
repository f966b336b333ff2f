package org.vigil.core.courtorders;

import java.time.Instant;
import java.util.List;

/**
 * The port DNS enforcement reads: which client addresses are under an active order at a moment.
 * Implemented by the court-order registry; consumed by vigil-dns to build per-resolver bindings and
 * by Vigil's own resolver.
 */
public interface RestrictedClients {

  /** Every restricted client address at {@code now}, one entry per address and order. */
  List<RestrictedClient> activeAt(Instant now);
}
