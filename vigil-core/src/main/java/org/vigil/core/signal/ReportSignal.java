package org.vigil.core.signal;

import java.util.List;

/**
 * User reports about the subject.
 *
 * @param count how many reports
 * @param categories the categories reported
 * @param trustedFlagger whether a trusted flagger (EU DSA art. 22) reported it
 */
public record ReportSignal(int count, List<String> categories, boolean trustedFlagger)
    implements Signal {
  public ReportSignal {
    categories = categories == null ? List.of() : List.copyOf(categories);
  }
}
