package org.vigil.core.courtorders;

import java.util.Map;

/**
 * Where the registry reports every change for the tamper-evident audit log. The server wires this
 * to the foundation's audit log; details never carry identifiers in clear.
 */
@FunctionalInterface
public interface CourtOrderAudit {

  /**
   * @param action e.g. {@code court_order.created}
   * @param actor the authenticated caller, or {@code system}
   * @param subject the order id, or the line pseudonym for address changes
   */
  void record(String action, String actor, String subject, Map<String, Object> details);

  /** An audit that drops everything; only for tests of other modules. */
  static CourtOrderAudit none() {
    return (action, actor, subject, details) -> {};
  }
}
