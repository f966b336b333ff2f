package org.vigil.core.records;

import java.time.Instant;
import org.vigil.core.actions.Verdict;

/**
 * A page request over one tenant's decisions, newest first; every filter is optional (null).
 *
 * @param tenant whose decisions (required)
 * @param subject only decisions about this content or account id
 * @param kind only this kind
 * @param verdict only this verdict
 * @param from created at or after
 * @param to created before
 * @param after the cursor: the last id of the previous page (the next page holds older decisions)
 * @param limit at most this many (1 to {@link #MAX_LIMIT})
 */
public record DecisionQuery(
    String tenant,
    String subject,
    DecisionKind kind,
    Verdict verdict,
    Instant from,
    Instant to,
    String after,
    int limit) {

  public static final int MAX_LIMIT = 1000;

  public DecisionQuery {
    if (tenant == null) {
      throw new IllegalArgumentException("tenant is required");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
    }
  }

  /** Every decision of {@code tenant} in [from, to), {@code limit} at a time. */
  public static DecisionQuery between(String tenant, Instant from, Instant to, int limit) {
    return new DecisionQuery(tenant, null, null, null, from, to, null, limit);
  }

  /** The same query continued after {@code cursor}. */
  public DecisionQuery after(String cursor) {
    return new DecisionQuery(tenant, subject, kind, verdict, from, to, cursor, limit);
  }
}
