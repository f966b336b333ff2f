package org.vigil.core.review;

import java.time.Instant;

/**
 * A statement of reasons as issued (DSA Art. 17), in both forms, with its filing state in the
 * Transparency Database (Art. 24(5)).
 *
 * @param puid the platform unique id: stable, so a resend is recognised as the same statement
 * @param plainJson the plain-language form for the affected user
 * @param transparencyJson the Transparency Database submission (schema in force since 2025-07-01)
 * @param filedAt when the database accepted it (or reported it already filed); null until then
 * @param filingError why the database refused it, when it did; null otherwise
 */
public record StoredStatement(
    String puid,
    String tenant,
    String caseId,
    String decisionId,
    Instant createdAt,
    String plainJson,
    String transparencyJson,
    Instant filedAt,
    String filingError) {}
