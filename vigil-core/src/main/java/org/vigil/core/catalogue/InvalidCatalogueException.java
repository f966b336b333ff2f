package org.vigil.core.catalogue;

import java.util.List;

/**
 * A catalogue file that cannot be used; the message lists every problem found, not just the first.
 */
public final class InvalidCatalogueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public InvalidCatalogueException(String origin, List<String> problems) {
    super("invalid service catalogue " + origin + ":\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, one sentence each, naming the service and domain concerned. */
  public List<String> problems() {
    return problems;
  }
}
