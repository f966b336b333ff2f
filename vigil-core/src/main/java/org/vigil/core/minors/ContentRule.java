package org.vigil.core.minors;

import java.time.LocalDate;
import org.vigil.core.intake.AssuranceLevel;
import org.vigil.core.intake.ContentRating;

/**
 * The age and assurance a content rating needs in a jurisdiction (e.g. in the UK, pornography and
 * self-harm content need highly effective age assurance). Reasons are built once, at load time.
 *
 * <p>A rule resting on a law may carry the law's status and start date; until then (or while it is
 * enjoined or not law) the rule it replaced, its {@code fallback}, answers instead. Chains are
 * short (a Vigil default, then one or two laws) and resolved per call by {@link #on(long)}.
 */
public final class ContentRule {

  private final String id;
  private final ContentRating rating;
  private final int minimumAge;
  private final AssuranceLevel requiredAssurance;
  private final String source;
  private final RuleStatus status;
  private final LocalDate effectiveFrom;
  private final ContentRule fallback;
  private final Provenance provenance;
  private final long effectiveFromDay;
  final Reason met;
  final Reason below;
  final Reason assuranceRequired;

  public ContentRule(
      String id,
      ContentRating rating,
      int minimumAge,
      AssuranceLevel requiredAssurance,
      String source) {
    this(id, rating, minimumAge, requiredAssurance, source, null, null, null);
  }

  /**
   * @param status the rule's legal standing, or null for one that always applies (a Vigil default)
   * @param effectiveFrom the first day it applies, or null for always (unless its status is not
   *     law)
   * @param fallback the rule that applies before {@code effectiveFrom} or while this one does not,
   *     or null
   */
  public ContentRule(
      String id,
      ContentRating rating,
      int minimumAge,
      AssuranceLevel requiredAssurance,
      String source,
      RuleStatus status,
      LocalDate effectiveFrom,
      ContentRule fallback) {
    this(
        id,
        rating,
        minimumAge,
        requiredAssurance,
        source,
        status,
        effectiveFrom,
        fallback,
        Provenance.UNRECORDED);
  }

  /** The full rule, with where its facts were checked. */
  public ContentRule(
      String id,
      ContentRating rating,
      int minimumAge,
      AssuranceLevel requiredAssurance,
      String source,
      RuleStatus status,
      LocalDate effectiveFrom,
      ContentRule fallback,
      Provenance provenance) {
    if (id == null || id.isBlank() || rating == null || source == null || source.isBlank()) {
      throw new IllegalArgumentException("content rule needs id, rating and source");
    }
    if (minimumAge < 0 || minimumAge > 25) {
      throw new IllegalArgumentException(id + ": minimumAge must be between 0 and 25");
    }
    if (requiredAssurance == null || requiredAssurance == AssuranceLevel.NONE) {
      throw new IllegalArgumentException(id + ": requiredAssurance must be asserted or stronger");
    }
    this.id = id;
    this.rating = rating;
    this.minimumAge = minimumAge;
    this.requiredAssurance = requiredAssurance;
    this.source = source;
    if (fallback != null && fallback.rating != rating) {
      throw new IllegalArgumentException(id + ": fallback rates other content");
    }
    if (status == RuleStatus.IN_FORCE && effectiveFrom == null) {
      throw new IllegalArgumentException(id + ": a rule in force needs effectiveFrom");
    }
    this.status = status;
    this.effectiveFrom = effectiveFrom;
    this.fallback = fallback;
    this.provenance = provenance == null ? Provenance.UNRECORDED : provenance;
    boolean notLaw =
        status == RuleStatus.PENDING
            || status == RuleStatus.ENACTED_NOT_IN_FORCE
            || status == RuleStatus.ENJOINED;
    if (notLaw) {
      this.effectiveFromDay = Long.MAX_VALUE;
    } else {
      this.effectiveFromDay = effectiveFrom == null ? Long.MIN_VALUE : effectiveFrom.toEpochDay();
    }
    String what = rating.wireName() + " content";
    this.met = new Reason("content_rating_met", id, source, what);
    this.below = new Reason("content_below_rating_age", id, source, what + " needs " + minimumAge);
    this.assuranceRequired =
        new Reason(
            "age_assurance_required",
            id,
            source,
            what + " needs age " + minimumAge + " at level " + requiredAssurance.wireName());
  }

  /** The rule that answers on {@code epochDay}: this one once in force, else its fallback's. */
  public ContentRule on(long epochDay) {
    ContentRule rule = this;
    while (epochDay < rule.effectiveFromDay && rule.fallback != null) {
      rule = rule.fallback;
    }
    return rule;
  }

  /** The legal standing, or null for a rule that always applies. */
  public RuleStatus status() {
    return status;
  }

  /** The first day it applies, or null. */
  public LocalDate effectiveFrom() {
    return effectiveFrom;
  }

  /** The rule it replaced, or null. */
  public ContentRule fallback() {
    return fallback;
  }

  public String id() {
    return id;
  }

  public ContentRating rating() {
    return rating;
  }

  public int minimumAge() {
    return minimumAge;
  }

  public AssuranceLevel requiredAssurance() {
    return requiredAssurance;
  }

  public String source() {
    return source;
  }

  /** Where the rule's facts were checked, and whether they were. */
  public Provenance provenance() {
    return provenance;
  }
}
