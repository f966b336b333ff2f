package org.vigil.core.audit;

/**
 * Something to record: who did what to which thing, with details as canonical JSON.
 *
 * @param actor who acted, e.g. {@code key:abc} or {@code system}
 * @param action a dotted verb, e.g. {@code bank.create}, {@code scan.decide}
 * @param subject what was acted on, e.g. {@code bank:demo}
 * @param detailsJson canonical JSON (sorted keys), never personal identifiers in clear
 */
public record AuditEvent(String actor, String action, String subject, String detailsJson) {}
