package org.vigil.core.review;

import java.time.Instant;

/**
 * An internal complaint against a decision (DSA Art. 20).
 *
 * @param decisionId the decision appealed against
 * @param outcome null while pending; {@code upheld} or {@code reversed}
 */
public record Appeal(
    String id,
    String tenant,
    String caseId,
    String decisionId,
    String reason,
    Instant filedAt,
    Instant decidedAt,
    String decidedBy,
    String outcome) {}
