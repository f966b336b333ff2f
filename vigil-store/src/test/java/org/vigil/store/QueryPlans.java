package org.vigil.store;

import org.jdbi.v3.core.Handle;

/**
 * What the planner does with the store's statements, for tests that an index serves a query: in a
 * test database every table is tiny and a sequential scan always wins, so the session forbids it
 * where an index could serve, and plans prepared statements generically, as they end up after a few
 * executions in a pooled connection.
 */
final class QueryPlans {

  private QueryPlans() {}

  /** Sets the session of {@code h} up so that EXPLAIN shows whether an index can serve. */
  static void preferIndexesAndGenericPlans(Handle h) {
    h.execute("SET enable_seqscan = off");
    h.execute("SET plan_cache_mode = force_generic_plan");
  }

  /** The plan {@code explain} (an EXPLAIN statement) prints, one line per node. */
  static String plan(Handle h, String explain) {
    return String.join("\n", h.createQuery(explain).mapTo(String.class).list());
  }
}
