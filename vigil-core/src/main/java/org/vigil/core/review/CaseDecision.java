package org.vigil.core.review;

import java.time.Instant;

/**
 * A moderator's decision on a case, as recorded. The same decision is a {@code DecisionRecord} of
 * the spine under {@link #decisionId}.
 *
 * @param onAppeal whether it decided an appeal
 * @param puid the statement of reasons' platform unique id, or null when nothing was restricted
 */
public record CaseDecision(
    String decisionId,
    String tenant,
    String caseId,
    ModerationAction action,
    DecisionGround ground,
    String legalGround,
    String explanation,
    String reply,
    String decidedBy,
    Instant decidedAt,
    boolean onAppeal,
    String puid) {}
