package org.vigil.core.audit;

import java.time.Instant;

/**
 * One link of the audit chain. {@code hash} covers {@code prevHash} and every other field, so
 * changing, removing or reordering any entry breaks every hash after it.
 */
public record AuditEntry(
    long seq,
    Instant at,
    String actor,
    String action,
    String subject,
    String detailsJson,
    String prevHash,
    String hash) {}
