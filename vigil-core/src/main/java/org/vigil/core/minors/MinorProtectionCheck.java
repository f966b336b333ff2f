package org.vigil.core.minors;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.UnaryOperator;
import org.vigil.core.intake.Party;

/**
 * The minimum-age and minor-protection decision: turns the parties' age signals and the rules of
 * the jurisdiction into allow, deny or require.
 *
 * <p>Two kinds of rule meet here. Minimum-age rules (data) gate sign-up, login and live streaming.
 * Protective defaults (code, sourced per jurisdiction) govern contact and discovery between an
 * actor and a target who may be a minor: a person "may be a minor" unless the evidence shows them
 * at least the adult age, and "may be an adult" unless it shows them below it, so missing or
 * contradictory evidence always falls on the protective side. The adult age is never below 18,
 * whatever the rule data says ({@link Jurisdiction#MINIMUM_ADULT_AGE}).
 *
 * <p>Hot path: per call, one or two {@link AgeAssessment}s (two longs each), one {@link AgeBand},
 * and references to reasons prebuilt at load time; rules are scanned linearly (a jurisdiction has a
 * handful) with bit-mask tests. Measured by {@code MinorsDecisionBenchmark} in vigil-bench.
 */
public final class MinorProtectionCheck implements DecisionCheck {

  private static final Reason NO_RULE =
      new Reason(
          "no_minimum_age_rule",
          null,
          "no minimum-age rule in force for this action and service in the jurisdiction");
  private static final ProtectiveDefault[] ALL_DEFAULTS = ProtectiveDefault.values();

  private final RuleSet rules;

  public MinorProtectionCheck(RuleSet rules) {
    if (rules == null) {
      throw new IllegalArgumentException("rules are required");
    }
    this.rules = rules;
  }

  public RuleSet rules() {
    return rules;
  }

  /**
   * Canonicalises jurisdiction codes against the rule set, for {@link
   * org.vigil.core.minors.DecideService}: any case, aliases such as UK, unknown codes to null.
   */
  public UnaryOperator<String> jurisdictions() {
    return code -> {
      Jurisdiction jurisdiction = rules.find(code);
      return jurisdiction == null ? null : jurisdiction.code();
    };
  }

  @Override
  public String name() {
    return "minors";
  }

  @Override
  public String policyVersion() {
    return rules.version();
  }

  @Override
  public void check(DecisionContext context, DecisionBuilder out) {
    Jurisdiction jurisdiction = rules.find(context.jurisdiction());
    if (jurisdiction == null) {
      throw new IllegalArgumentException("unknown jurisdiction " + context.jurisdiction());
    }
    Party actor = context.actor();
    ZoneId actorZone = actor.timeZone() != null ? actor.timeZone() : jurisdiction.zone();
    LocalDate today = LocalDate.ofInstant(context.at(), actorZone);
    AgeAssessment actorAge =
        AgeCombiner.combine(actor.signals(), today, actorZone, rules.estimateMarginYears());
    int maxAge = actorAge.maximumAge(today);
    out.actorAge(
        new AgeBand(
            actorAge.minimumAge(today),
            maxAge < 0 ? null : maxAge,
            actorAge.level(),
            actorAge.confidence()));
    int adultAge = jurisdiction.adultAge();
    // Anyone who may be 18 counts as an adult when contacting minors, even where the age of
    // majority is higher: protection is measured against the stricter line on each side.
    boolean actorMayBeAdult =
        actorAge.atLeast(Jurisdiction.MINIMUM_ADULT_AGE, today) != AgeAnswer.NO;
    ProtectionPolicy protections = jurisdiction.protections();

    switch (context.action()) {
      case SIGNUP, LOGIN -> {
        gate(jurisdiction, context, today, actorAge, out);
        if (actorAge.atLeast(adultAge, today) != AgeAnswer.YES) {
          for (ProtectiveDefault setting : ALL_DEFAULTS) {
            out.protect(setting);
          }
        }
      }
      case LIVE_STREAM -> gate(jurisdiction, context, today, actorAge, out);
      case MESSAGE, COMMENT -> {
        if (shielded(jurisdiction, context, actorMayBeAdult)) {
          out.deny(protections.adultContact);
        } else {
          out.allow(protections.noRestriction);
        }
      }
      case FOLLOW -> {
        if (!context.connected() && targetMayBeMinor(jurisdiction, context)) {
          out.require(Requirement.TARGET_CONSENT, protections.followNeedsApproval);
        } else {
          out.allow(protections.noRestriction);
        }
      }
      case TAG, GROUP_INVITE -> {
        if (shielded(jurisdiction, context, actorMayBeAdult)) {
          out.deny(protections.adultContact);
        } else if (targetMayBeMinor(jurisdiction, context)) {
          out.require(Requirement.TARGET_CONSENT, protections.targetConsent);
        } else {
          out.allow(protections.noRestriction);
        }
      }
      case RECOMMEND, SEARCH_VISIBILITY -> {
        if (context.contentRating() != null) {
          content(
              jurisdiction.contentRule(context.contentRating(), today.toEpochDay()),
              today,
              actorAge,
              out);
        }
        if (shielded(jurisdiction, context, actorMayBeAdult)) {
          out.deny(protections.notDiscoverable);
        } else if (context.contentRating() == null) {
          out.allow(protections.noRestriction);
        }
      }
      case VIEW_CONTENT -> {
        content(
            jurisdiction.contentRule(context.contentRating(), today.toEpochDay()),
            today,
            actorAge,
            out);
        if (context.target() != null && shielded(jurisdiction, context, actorMayBeAdult)) {
          out.deny(protections.privateContent);
        }
      }
    }
  }

  /** Minimum-age rules for the action: every applicable rule must be satisfied. */
  private static void gate(
      Jurisdiction jurisdiction,
      DecisionContext context,
      LocalDate today,
      AgeAssessment age,
      DecisionBuilder out) {
    long day = today.toEpochDay();
    boolean consent = context.actor().parentalConsent();
    boolean any = false;
    for (MinimumAgeRule rule : jurisdiction.rules()) {
      if (!rule.governs(context.action(), context.service(), day)) {
        continue;
      }
      AgeAnswer answer = age.atLeast(rule.minimumAge(), today);
      Reason otherBasis = rule.notApplicableUnder(context.lawfulBasis());
      if (otherBasis != null) {
        // A digital-consent age binds only where processing rests on consent. Shown like an
        // enjoined law, so the platform sees which rule its stated basis set aside, never applied.
        if (answer != AgeAnswer.YES) {
          out.allow(otherBasis);
        }
        continue;
      }
      if (rule.enjoinedOn(day)) {
        // Shown so the platform knows what may come back, but never applied.
        if (answer != AgeAnswer.YES) {
          out.allow(rule.enjoined);
        }
        continue;
      }
      any = true;
      if (rule.below() == BelowAction.INFORM) {
        out.allow(answer == AgeAnswer.YES ? rule.met : rule.obligationApplies);
        continue;
      }
      boolean consentSuffices = rule.below() == BelowAction.REQUIRE_PARENTAL_CONSENT;
      if (answer == AgeAnswer.YES && age.level().atLeast(rule.requiredAssurance())) {
        out.allow(rule.met);
      } else if (consentSuffices && consent) {
        // Below the age or not known to be above it: a parent's consent covers both.
        out.allow(rule.consentGiven);
      } else if (answer == AgeAnswer.NO) {
        // Believed even at a weak level: a person who says they are too young is too young.
        if (consentSuffices) {
          out.require(Requirement.PARENTAL_CONSENT, rule.consentRequired);
        } else {
          out.deny(rule.belowDeny);
        }
      } else {
        out.requireAssurance(rule.requiredAssurance(), rule.assuranceRequired);
      }
    }
    if (!any) {
      out.allow(NO_RULE);
    }
  }

  private static void content(
      ContentRule rule, LocalDate today, AgeAssessment age, DecisionBuilder out) {
    if (rule.minimumAge() == 0) {
      out.allow(rule.met);
      return;
    }
    AgeAnswer answer = age.atLeast(rule.minimumAge(), today);
    if (answer == AgeAnswer.NO) {
      out.deny(rule.below);
    } else if (answer == AgeAnswer.YES && age.level().atLeast(rule.requiredAssurance())) {
      out.allow(rule.met);
    } else {
      out.requireAssurance(rule.requiredAssurance(), rule.assuranceRequired);
    }
  }

  /** A possible minor target, not connected to an actor who may be an adult. */
  private boolean shielded(
      Jurisdiction jurisdiction, DecisionContext context, boolean actorMayBeAdult) {
    return actorMayBeAdult && !context.connected() && targetMayBeMinor(jurisdiction, context);
  }

  private boolean targetMayBeMinor(Jurisdiction jurisdiction, DecisionContext context) {
    Party target = context.target();
    if (target == null) {
      return false;
    }
    ZoneId zone = target.timeZone() != null ? target.timeZone() : jurisdiction.zone();
    LocalDate today = LocalDate.ofInstant(context.at(), zone);
    AgeAssessment age =
        AgeCombiner.combine(target.signals(), today, zone, rules.estimateMarginYears());
    return age.atLeast(jurisdiction.adultAge(), today) != AgeAnswer.YES;
  }
}
