package org.vigil.core.minors;

import java.util.ArrayList;
import java.util.List;
import org.vigil.core.intake.AssuranceLevel;
import org.vigil.core.signal.AgeEvidence;
import org.vigil.core.signal.AgeRuleFinding;
import org.vigil.core.signal.CourtOrderHit;
import org.vigil.core.signal.Signal;

/**
 * Collects what the checks of one decide call found, as signals: the law data's findings (allow,
 * deny, require, protect, each with its reason), court-order hits and the actor's age. The policy
 * decides what to do with them. Not thread-safe: one per call.
 */
public final class DecisionBuilder {

  private final List<Signal> signals = new ArrayList<>(6);

  /** Records a reason that supports allowing. */
  public void allow(Reason reason) {
    signals.add(finding("allow", null, null, reason));
  }

  /** Records that the rule behind {@code reason} denies. */
  public void deny(Reason reason) {
    signals.add(finding("deny", null, null, reason));
  }

  /** Records that {@code what} is required before the action may go ahead. */
  public void require(Requirement what, Reason reason) {
    signals.add(finding("require", what.wireName(), null, reason));
  }

  /** Records that the actor's age is required at {@code level} or stronger. */
  public void requireAssurance(AssuranceLevel level, Reason reason) {
    signals.add(finding("require", Requirement.AGE_ASSURANCE.wireName(), level.wireName(), reason));
  }

  /** Records that a protective default should apply to the actor's account. */
  public void protect(ProtectiveDefault setting) {
    signals.add(
        new AgeRuleFinding(
            "protect", setting.wireName(), null, "protective_default", null, null, null));
  }

  /** Records a court order in force that an identifier of the actor matched. */
  public void courtOrder(CourtOrderHit hit) {
    signals.add(hit);
  }

  /** Records the actor's age as the evidence shows it. */
  public void actorAge(AgeBand band) {
    signals.add(
        new AgeEvidence(
            "actor",
            band.minAge(),
            band.maxAge(),
            band.level() == null ? null : band.level().wireName(),
            band.confidence(),
            band.minAge() < 18));
  }

  /** Everything found so far, in the order found. */
  public List<Signal> signals() {
    return List.copyOf(signals);
  }

  private static AgeRuleFinding finding(
      String outcome, String requirement, String assurance, Reason reason) {
    return new AgeRuleFinding(
        outcome,
        requirement,
        assurance,
        reason.code(),
        reason.rule(),
        reason.source(),
        reason.detail());
  }
}
