package org.vigil.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Map;

/** Writes audit events; every service that decides or changes state calls this. */
public final class AuditLog {

  // Canonical JSON: map keys sorted, so the chain's hashes do not depend on insertion order.
  private static final ObjectMapper CANONICAL = org.vigil.core.json.Json.MAPPER;

  private final AuditStore store;
  private final Clock clock;

  public AuditLog(AuditStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public AuditEntry record(String actor, String action, String subject, Map<String, ?> details) {
    return store.append(event(actor, action, subject, details), clock.instant());
  }

  /**
   * The event with its details as canonical JSON, not yet written: for a store that writes it in
   * the same transaction as the record it is about (see {@code DecisionStore#append}).
   */
  public AuditEvent event(String actor, String action, String subject, Map<String, ?> details) {
    try {
      return new AuditEvent(actor, action, subject, CANONICAL.writeValueAsString(details));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("audit details are not serialisable", e);
    }
  }
}
