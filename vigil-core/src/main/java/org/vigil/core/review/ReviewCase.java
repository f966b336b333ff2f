package org.vigil.core.review;

import java.time.Instant;

/**
 * One piece of content waiting for, or having had, a human decision. Every notice on the same
 * content joins the open case; a policy's {@code queue_review} action opens one too.
 *
 * @param source {@code notice} when users or flaggers reported it, {@code policy} when Vigil's own
 *     detection (a hash match) routed it to review
 * @param noticeCount notices joined
 * @param reporterCount distinct named reporters (anonymous notices count once each)
 * @param escalated whether it passed its deadline and was moved to the escalation queue
 * @param appealPending whether an appeal waits for a decision
 * @param version bumped by every change; conditional updates use it
 */
public record ReviewCase(
    String id,
    String tenant,
    NoticeTarget target,
    NoticeCategory category,
    String queue,
    Priority priority,
    Instant deadline,
    CaseState state,
    String claimedBy,
    Instant claimExpiresAt,
    int noticeCount,
    int reporterCount,
    boolean trustedFlagger,
    boolean minorInvolved,
    String source,
    String policyDecisionId,
    boolean escalated,
    boolean appealPending,
    int version,
    Instant createdAt,
    Instant updatedAt) {

  /** Past its deadline and still waiting for a decision. */
  public boolean overdue(Instant now) {
    return state != CaseState.DECIDED && deadline.isBefore(now);
  }

  /** Whether {@code moderator} holds a live claim on the case. */
  public boolean claimedBy(String moderator, Instant now) {
    return state == CaseState.CLAIMED
        && moderator.equals(claimedBy)
        && claimExpiresAt != null
        && claimExpiresAt.isAfter(now);
  }

  /** Whether someone other than {@code moderator} holds a live claim. */
  public boolean claimedByOther(String moderator, Instant now) {
    return state == CaseState.CLAIMED
        && !moderator.equals(claimedBy)
        && claimExpiresAt != null
        && claimExpiresAt.isAfter(now);
  }
}
