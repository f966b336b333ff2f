package org.vigil.core.decide;

import java.util.ArrayList;
import java.util.List;
import org.vigil.core.minors.AssuranceLevel;

/**
 * Collects the verdicts of the checks for one decide call. Not thread-safe: one per call. Kept to
 * one small list and a few ints so a decision allocates little besides its answer.
 */
public final class DecisionBuilder {

  private static final Requirement[] REQUIREMENTS = Requirement.values();
  private static final ProtectiveDefault[] PROTECTIONS = ProtectiveDefault.values();

  private Outcome outcome = Outcome.ALLOW;
  private int requirements;
  private AssuranceLevel requiredAssurance;
  private int protections;
  private AgeBand actorAge;
  private final List<Reason> reasons = new ArrayList<>(4);

  /** Records a reason that supports allowing. */
  public void allow(Reason reason) {
    reasons.add(reason);
  }

  /** Denies; nothing later can undo it. */
  public void deny(Reason reason) {
    outcome = Outcome.DENY;
    reasons.add(reason);
  }

  /** Requires {@code what} before the action may go ahead. */
  public void require(Requirement what, Reason reason) {
    outcome = outcome.strictest(Outcome.REQUIRE);
    requirements |= 1 << what.ordinal();
    reasons.add(reason);
  }

  /** Requires the actor's age at {@code level} or stronger. */
  public void requireAssurance(AssuranceLevel level, Reason reason) {
    require(Requirement.AGE_ASSURANCE, reason);
    if (requiredAssurance == null || level.compareTo(requiredAssurance) > 0) {
      requiredAssurance = level;
    }
  }

  /** Tells the platform to apply a protective default to the actor's account. */
  public void protect(ProtectiveDefault setting) {
    protections |= 1 << setting.ordinal();
  }

  public void actorAge(AgeBand band) {
    this.actorAge = band;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** The decision so far. Requirements are dropped from a deny: nothing can satisfy it. */
  public Decision build(String policyVersion) {
    List<Requirement> requires = new ArrayList<>(2);
    if (outcome == Outcome.REQUIRE) {
      for (Requirement requirement : REQUIREMENTS) {
        if ((requirements & (1 << requirement.ordinal())) != 0) {
          requires.add(requirement);
        }
      }
    }
    List<ProtectiveDefault> settings = new ArrayList<>(protections == 0 ? 0 : 6);
    for (ProtectiveDefault setting : PROTECTIONS) {
      if ((protections & (1 << setting.ordinal())) != 0) {
        settings.add(setting);
      }
    }
    return new Decision(
        outcome,
        requires,
        requires.contains(Requirement.AGE_ASSURANCE) ? requiredAssurance : null,
        reasons,
        settings,
        actorAge,
        policyVersion);
  }
}
