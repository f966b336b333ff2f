package org.vigil.core.courtorders;

import java.util.Map;

/**
 * Where the registry reports every change for the tamper-evident audit log: the server passes
 * {@code auditLog::record} ({@link org.vigil.core.audit.AuditLog}); details never carry identifiers
 * in clear.
 */
@FunctionalInterface
public interface CourtOrderAudit {

  /**
   * @param actor the authenticated caller, or {@code system}
   * @param action e.g. {@code court_order.created}
   * @param subject {@code court_order:<id>}, or {@code subscriber_line:<pseudonym>}
   */
  void record(String actor, String action, String subject, Map<String, Object> details);

  /** An audit that drops everything; only for tests of other modules. */
  static CourtOrderAudit none() {
    return (actor, action, subject, details) -> {};
  }
}
