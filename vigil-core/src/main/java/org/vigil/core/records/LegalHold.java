package org.vigil.core.records;

import java.time.Instant;

/**
 * A legal hold: the decisions about {@code subject} in {@code tenant} are kept past their retention
 * period until the hold is lifted (litigation, a regulator's request, an authority's preservation
 * letter).
 */
public record LegalHold(
    String tenant, String subject, String reason, Instant createdAt, String createdBy) {}
