package org.vigil.core.banks;

import java.util.List;

/**
 * Outcome of a bulk import: every row is accounted for as added, already present, or rejected.
 *
 * @param errors the first rejected rows (at most {@link #MAX_LISTED_ERRORS}); {@code rejected}
 *     counts all of them
 */
public record ImportReport(
    long lines, long added, long duplicates, long rejected, List<RowError> errors) {

  public static final int MAX_LISTED_ERRORS = 1000;

  /** Why one input row was refused. */
  public record RowError(long line, String field, String message) {}
}
