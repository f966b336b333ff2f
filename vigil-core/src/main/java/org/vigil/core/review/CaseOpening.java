package org.vigil.core.review;

import java.time.Instant;

/**
 * A case a policy action opens (or joins), prepared outside any transaction so that the store can
 * admit it inside the decision's own: the validated target, the id a new case gets, and the
 * placement (triage, then the policy's queue and priority) applied to what the store finds.
 *
 * @param policyDecisionId the spine decision whose action this is
 */
public record CaseOpening(
    String tenant,
    NoticeTarget target,
    NoticeCategory category,
    String newCaseId,
    String policyDecisionId,
    Instant now,
    CaseStore.Placer placer) {

  /** How {@link CaseStore#admit} records the origin of a case a policy opened. */
  public static final String SOURCE = "policy";
}
