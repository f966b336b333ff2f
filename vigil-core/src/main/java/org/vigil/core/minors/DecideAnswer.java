package org.vigil.core.minors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.ActionType;
import org.vigil.core.actions.Verdict;
import org.vigil.core.intake.AssuranceLevel;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.records.FiredRule;
import org.vigil.core.records.PolicyOutcome;
import org.vigil.core.signal.AgeEvidence;
import org.vigil.core.signal.AgeRuleFinding;
import org.vigil.core.signal.CourtOrderHit;
import org.vigil.core.signal.Signal;

/**
 * The answer to a decide call, read off its decision record so that {@code GET /v1/decisions/{id}}
 * and the original answer agree.
 *
 * @param verdict allow, deny or require
 * @param requires what must happen first (only for require)
 * @param requiredAssurance the level asked for when {@code age_assurance} is required, else null
 * @param reasons why: the law data's reasons and court orders the policy acted on, in order
 * @param protections defaults to apply to the actor's account (sign-up and login of a possible
 *     minor)
 * @param actorAge the actor's age as understood, or null when no check assessed it
 * @param policyVersion the version of the policy that decided (content hash of its text)
 * @param dataVersion the checks and data versions used, e.g. {@code minors@2026-11-23.1}
 * @param decisionId the stored decision's id, or null when not stored (account reviews)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({
  "decision",
  "requires",
  "requiredAssurance",
  "reasons",
  "protections",
  "actorAge",
  "policyVersion",
  "dataVersion",
  "decisionId"
})
public record DecideAnswer(
    @JsonProperty("decision") Verdict verdict,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Requirement> requires,
    AssuranceLevel requiredAssurance,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<Reason> reasons,
    List<ProtectiveDefault> protections,
    AgeBand actorAge,
    String policyVersion,
    String dataVersion,
    String decisionId) {

  /** The reason code of policy rules that follow the minors law data. */
  public static final String AGE_RULE = "age_rule";

  /** The reason code of policy rules that follow court orders. */
  public static final String COURT_ORDER = "court_order";

  public DecideAnswer {
    requires = List.copyOf(requires);
    reasons = List.copyOf(reasons);
    protections = protections == null ? List.of() : List.copyOf(protections);
  }

  /** The answer a stored decide decision gave. */
  public static DecideAnswer of(DecisionRecord decision) {
    Object request = decision.context().get("request");
    String dataVersion =
        request instanceof java.util.Map<?, ?> map && map.get("dataVersion") instanceof String v
            ? v
            : null;
    return of(decision.id(), decision.signals(), decision.liveOutcome(), dataVersion);
  }

  /** The answer for {@code outcome} of a policy over {@code signals}. */
  public static DecideAnswer of(
      String decisionId, List<Signal> signals, PolicyOutcome outcome, String dataVersion) {
    Verdict verdict = outcome.verdict();
    Set<Requirement> required = EnumSet.noneOf(Requirement.class);
    boolean protect = false;
    Set<ProtectiveDefault> named = EnumSet.noneOf(ProtectiveDefault.class);
    for (Action action : outcome.actions()) {
      if (action.type() == ActionType.REQUIRE && action.param("what") != null) {
        required.add(Requirement.valueOf(action.param("what").toUpperCase(java.util.Locale.ROOT)));
      } else if (action.type() == ActionType.PROTECT) {
        String setting = action.param("setting");
        if (setting == null || setting.equals("minor_defaults")) {
          protect = true;
        } else {
          named.add(ProtectiveDefault.valueOf(setting.toUpperCase(java.util.Locale.ROOT)));
        }
      }
    }
    // Nothing satisfies a deny, so it lists no requirements.
    List<Requirement> requires =
        verdict == Verdict.REQUIRE ? new ArrayList<>(required) : new ArrayList<>();
    AssuranceLevel assurance = null;
    AgeBand actorAge = null;
    Set<ProtectiveDefault> protections = EnumSet.noneOf(ProtectiveDefault.class);
    protections.addAll(named);
    for (Signal signal : signals) {
      if (signal instanceof AgeRuleFinding f) {
        if (requires.contains(Requirement.AGE_ASSURANCE)
            && "require".equals(f.outcome())
            && f.assurance() != null) {
          AssuranceLevel level = AssuranceLevel.fromWire(f.assurance());
          if (assurance == null || level.compareTo(assurance) > 0) {
            assurance = level;
          }
        }
        if (protect && "protect".equals(f.outcome())) {
          protections.add(
              ProtectiveDefault.valueOf(f.requirement().toUpperCase(java.util.Locale.ROOT)));
        }
      } else if (signal instanceof AgeEvidence a && "actor".equals(a.party())) {
        actorAge =
            new AgeBand(
                a.minAge(),
                a.maxAge(),
                a.level() == null ? null : AssuranceLevel.fromWire(a.level()),
                a.confidence());
      }
    }
    // The actor's age explains an answer the law data gave, not one a court order gave alone.
    boolean ageUsed =
        outcome.firedRules().isEmpty()
            || outcome.firedRules().stream().anyMatch(r -> !COURT_ORDER.equals(r.code()));
    return new DecideAnswer(
        verdict,
        requires,
        assurance,
        reasons(signals, outcome.firedRules()),
        new ArrayList<>(protections),
        ageUsed ? actorAge : null,
        outcome.policyVersion(),
        dataVersion,
        decisionId);
  }

  /**
   * The reasons, in the order the fired rules name them: a rule following court orders gives each
   * order's reason, a rule following the law data gives the data's reasons (once), any other rule
   * gives its own explanation. With no rule fired, the law data's reasons explain the allow.
   */
  private static List<Reason> reasons(List<Signal> signals, List<FiredRule> fired) {
    List<Reason> reasons = new ArrayList<>(4);
    boolean ageGiven = false;
    boolean courtGiven = false;
    for (FiredRule rule : fired) {
      if (COURT_ORDER.equals(rule.code())) {
        if (!courtGiven) {
          courtGiven = true;
          for (Signal signal : signals) {
            if (signal instanceof CourtOrderHit hit) {
              reasons.add(courtReason(hit).byPolicyRule(rule.rule()));
            }
          }
        }
      } else if (AGE_RULE.equals(rule.code())) {
        if (!ageGiven) {
          ageGiven = true;
          addAgeReasons(signals, reasons, rule.rule());
        }
      } else {
        reasons.add(
            new Reason(rule.code(), rule.rule(), "policy", rule.explanation(), rule.rule()));
      }
    }
    if (fired.isEmpty()) {
      addAgeReasons(signals, reasons, null);
    }
    return reasons;
  }

  private static void addAgeReasons(List<Signal> signals, List<Reason> reasons, String policyRule) {
    for (Signal signal : signals) {
      if (signal instanceof AgeRuleFinding f && !"protect".equals(f.outcome())) {
        reasons.add(new Reason(f.code(), f.rule(), f.source(), f.detail(), policyRule));
      }
    }
  }

  private static Reason courtReason(CourtOrderHit hit) {
    return new Reason(
        COURT_ORDER,
        hit.caseRef(),
        hit.legalBasis() == null ? hit.court() : hit.court() + "; " + hit.legalBasis(),
        "court order "
            + hit.orderId()
            + " restricts "
            + hit.service()
            + " until "
            + hit.endsAt()
            + "; matched by "
            + hit.matchedBy());
  }
}
