package org.vigil.core.review;

import java.time.Instant;

/**
 * A validated, stored notice.
 *
 * @param reporterRef keyed pseudonym of the reporter's id (null for anonymous notices): enough to
 *     count distinct reporters, useless to anyone without the key
 * @param reporterContact how to tell the reporter the outcome (Art. 16(5)); never shown in a
 *     statement of reasons or to moderators
 */
public record Notice(
    String id,
    String tenant,
    String caseId,
    NoticeTarget target,
    NoticeCategory category,
    String explanation,
    ReporterKind reporterKind,
    String reporterRef,
    String reporterContact,
    String language,
    Instant receivedAt) {}
