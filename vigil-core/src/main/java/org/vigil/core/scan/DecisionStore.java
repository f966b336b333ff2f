package org.vigil.core.scan;

import java.util.Optional;
import org.vigil.core.audit.AuditEvent;

/** Storage port for decisions. */
public interface DecisionStore {

  /**
   * Stores the decision and the audit event about it in one transaction, and returns only once both
   * are on disk: a scan is answered only after its record is durable.
   */
  void append(Decision decision, AuditEvent audit);

  Optional<Decision> find(String decisionId);
}
