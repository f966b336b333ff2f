package org.vigil.core.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.Verdict;
import org.vigil.core.signal.Signal;

/**
 * The one record of a decision, for scans and decide calls alike: what was seen, which policy
 * version decided, which rules fired, the verdict and actions, who asked and when. The signals are
 * complete enough to re-evaluate the decision exactly under another policy version.
 *
 * @param id {@code dec_} followed by 32 hex digits, the first 12 the creation time in milliseconds
 *     (ids sort by time, so pages can be walked by id)
 * @param tenant the tenant of the key that asked
 * @param kind content or account_action
 * @param subject the content id or account id the decision is about, or null when the platform gave
 *     none
 * @param signals everything the policy read
 * @param policyVersion the live policy's version (content hash of its text)
 * @param firedRules the rules that fired, in policy order
 * @param verdict the most severe action's verdict
 * @param actions every action, in rule order, without duplicates
 * @param requestedBy the audit name of the caller, e.g. {@code key:abc}
 * @param createdAt when it was decided
 * @param context what the platform said about the request (content id, action, jurisdiction...)
 * @param caseId the review case opened for it, or null
 * @param shadow what shadow policies would have done (never acted on)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionRecord(
    String id,
    String tenant,
    DecisionKind kind,
    String subject,
    List<Signal> signals,
    String policyVersion,
    List<FiredRule> firedRules,
    Verdict verdict,
    List<Action> actions,
    String requestedBy,
    Instant createdAt,
    Map<String, Object> context,
    String caseId,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PolicyOutcome> shadow) {

  public DecisionRecord {
    if (id == null || tenant == null || kind == null || verdict == null || createdAt == null) {
      throw new IllegalArgumentException("id, tenant, kind, verdict and createdAt are required");
    }
    signals = signals == null ? List.of() : List.copyOf(signals);
    firedRules = firedRules == null ? List.of() : List.copyOf(firedRules);
    actions = actions == null ? List.of() : List.copyOf(actions);
    context = context == null ? Map.of() : context;
    shadow = shadow == null ? List.of() : List.copyOf(shadow);
  }

  /** The live policy's outcome as a {@link PolicyOutcome}, to compare with a shadow's. */
  public PolicyOutcome liveOutcome() {
    return new PolicyOutcome(policyVersion, firedRules, verdict, actions);
  }

  /** This record with a review case attached. */
  public DecisionRecord withCaseId(String newCaseId) {
    return new DecisionRecord(
        id,
        tenant,
        kind,
        subject,
        signals,
        policyVersion,
        firedRules,
        verdict,
        actions,
        requestedBy,
        createdAt,
        context,
        newCaseId,
        shadow);
  }
}
