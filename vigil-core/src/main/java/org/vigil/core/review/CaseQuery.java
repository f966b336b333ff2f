package org.vigil.core.review;

import java.time.Instant;

/**
 * A filter over one tenant's cases; null fields do not filter. Results come most pressing first:
 * overdue, then priority, then nearest deadline.
 *
 * @param overdue true: only past their deadline (and undecided); false: only not overdue
 * @param now the instant overdue is judged against
 * @param limit page size, 1..500
 */
public record CaseQuery(
    String tenant,
    String queue,
    CaseState state,
    Boolean overdue,
    NoticeCategory category,
    String accountId,
    Instant now,
    int limit) {

  public CaseQuery {
    if (tenant == null || now == null) {
      throw new IllegalArgumentException("tenant and now are required");
    }
    if (limit < 1 || limit > 500) {
      throw new IllegalArgumentException("limit must be 1..500, got " + limit);
    }
  }
}
