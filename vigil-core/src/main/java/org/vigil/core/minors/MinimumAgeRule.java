package org.vigil.core.minors;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.AccountAction;
import org.vigil.core.intake.AssuranceLevel;
import org.vigil.core.intake.LawfulBasis;

/**
 * An age threshold for some actions on some kinds of service in one jurisdiction, from a date: who
 * is below it is denied or needs a parent's consent, and the age must be known at {@code
 * requiredAssurance} or better. Immutable; the reasons it can give are built once at load time so a
 * decision only hands out references.
 */
public final class MinimumAgeRule {

  private final String id;
  private final Set<AccountAction> actions;
  private final Set<ServiceCategory> services;
  private final int minimumAge;
  private final BelowAction below;
  private final AssuranceLevel requiredAssurance;
  private final RuleStatus status;
  private final LocalDate effectiveFrom;
  private final LocalDate effectiveUntil;
  private final String basis;
  private final String obligation;
  private final List<Injunction> injunctions;
  private final String source;
  private final String note;
  private final Provenance provenance;
  // Precomputed for the hot path.
  private final long effectiveFromDay;
  private final long effectiveUntilDay;
  private final int actionMask;
  private final int serviceMask;
  final Reason met;
  final Reason belowDeny;
  final Reason consentRequired;
  final Reason consentGiven;
  final Reason assuranceRequired;
  final Reason obligationApplies;
  final Reason enjoined;
  // For a rule with a basis: why it was skipped, per other basis a service can name.
  private final Map<LawfulBasis, Reason> otherBasis;

  /** A rule with no end date, no lawful-basis condition and no injunction. */
  public MinimumAgeRule(
      String id,
      Set<AccountAction> actions,
      Set<ServiceCategory> services,
      int minimumAge,
      BelowAction below,
      AssuranceLevel requiredAssurance,
      RuleStatus status,
      LocalDate effectiveFrom,
      String source,
      String note) {
    this(
        id,
        actions,
        services,
        minimumAge,
        below,
        requiredAssurance,
        status,
        effectiveFrom,
        null,
        null,
        null,
        List.of(),
        source,
        note);
  }

  /**
   * @param effectiveFrom the first day (local to the jurisdiction) on which the rule applies; null
   *     when unknown (the rule then never applies, unless it is a Vigil default)
   * @param effectiveUntil the first day on which it no longer applies (replaced or repealed), or
   *     null
   * @param basis the lawful basis the rule depends on ({@code consent} for the GDPR's digital
   *     consent ages), or null when it applies whatever the basis; listed, and explained in reasons
   * @param obligation what the law asks below the age, in a few words; required for {@code inform}
   *     rules and appended to the reasons' detail otherwise
   * @param injunctions periods in which a court stopped the law; a rule with status {@code
   *     enjoined} and no listed period is enjoined for its whole life
   */
  public MinimumAgeRule(
      String id,
      Set<AccountAction> actions,
      Set<ServiceCategory> services,
      int minimumAge,
      BelowAction below,
      AssuranceLevel requiredAssurance,
      RuleStatus status,
      LocalDate effectiveFrom,
      LocalDate effectiveUntil,
      String basis,
      String obligation,
      List<Injunction> injunctions,
      String source,
      String note) {
    this(
        id,
        actions,
        services,
        minimumAge,
        below,
        requiredAssurance,
        status,
        effectiveFrom,
        effectiveUntil,
        basis,
        obligation,
        injunctions,
        source,
        note,
        Provenance.UNRECORDED);
  }

  /**
   * The full rule, with where its facts were checked ({@link Provenance#UNRECORDED} when the file
   * does not say).
   */
  public MinimumAgeRule(
      String id,
      Set<AccountAction> actions,
      Set<ServiceCategory> services,
      int minimumAge,
      BelowAction below,
      AssuranceLevel requiredAssurance,
      RuleStatus status,
      LocalDate effectiveFrom,
      LocalDate effectiveUntil,
      String basis,
      String obligation,
      List<Injunction> injunctions,
      String source,
      String note,
      Provenance provenance) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id is required");
    }
    if (actions == null || actions.isEmpty() || services == null || services.isEmpty()) {
      throw new IllegalArgumentException(id + ": actions and services must not be empty");
    }
    if (minimumAge < 1 || minimumAge > 25) {
      throw new IllegalArgumentException(id + ": minimumAge must be between 1 and 25");
    }
    if (below == null || requiredAssurance == null || status == null) {
      throw new IllegalArgumentException(id + ": below, requiredAssurance and status are required");
    }
    if (requiredAssurance == AssuranceLevel.NONE) {
      throw new IllegalArgumentException(id + ": requiredAssurance must be asserted or stronger");
    }
    if (status == RuleStatus.IN_FORCE && effectiveFrom == null) {
      throw new IllegalArgumentException(id + ": a rule in force needs effectiveFrom");
    }
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException(id + ": source is required (cite the law or say why)");
    }
    if (effectiveUntil != null
        && (effectiveFrom == null || !effectiveUntil.isAfter(effectiveFrom))) {
      throw new IllegalArgumentException(id + ": effectiveUntil needs an earlier effectiveFrom");
    }
    if (basis != null && !basis.equals("consent")) {
      throw new IllegalArgumentException(id + ": basis must be 'consent' or absent");
    }
    this.id = id;
    this.actions = Set.copyOf(EnumSet.copyOf(actions));
    this.services = Set.copyOf(EnumSet.copyOf(services));
    this.minimumAge = minimumAge;
    this.below = below;
    this.requiredAssurance = requiredAssurance;
    this.status = status;
    this.effectiveFrom = effectiveFrom;
    this.effectiveUntil = effectiveUntil;
    this.basis = basis;
    this.obligation = obligation;
    this.injunctions = injunctions == null ? List.of() : List.copyOf(injunctions);
    this.source = source;
    this.note = note;
    this.provenance = provenance == null ? Provenance.UNRECORDED : provenance;
    if (effectiveFrom != null) {
      this.effectiveFromDay = effectiveFrom.toEpochDay();
    } else {
      this.effectiveFromDay = status == RuleStatus.VIGIL_DEFAULT ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    this.effectiveUntilDay = effectiveUntil == null ? Long.MAX_VALUE : effectiveUntil.toEpochDay();
    int mask = 0;
    for (AccountAction action : actions) {
      mask |= 1 << action.ordinal();
    }
    this.actionMask = mask;
    mask = 0;
    for (ServiceCategory service : services) {
      mask |= 1 << service.ordinal();
    }
    this.serviceMask = mask;
    String under =
        "under "
            + minimumAge
            + (basis == null
                ? ""
                : " (digital-consent age; applies where the service relies on consent)")
            + (obligation == null ? "" : ": " + obligation);
    this.met = new Reason("minimum_age_met", id, source, "at least " + minimumAge);
    this.belowDeny = new Reason("below_minimum_age", id, source, under);
    this.consentRequired = new Reason("parental_consent_required", id, source, under);
    this.consentGiven = new Reason("parental_consent_given", id, source, under);
    this.obligationApplies = new Reason("minor_obligation", id, source, under);
    this.enjoined =
        new Reason(
            "law_enjoined",
            id,
            source,
            under
                + "; enjoined"
                + (this.injunctions.isEmpty() ? "" : " (" + this.injunctions.get(0).by() + ")")
                + ", so not applied");
    this.assuranceRequired =
        new Reason(
            "age_assurance_required",
            id,
            source,
            "age " + minimumAge + " must be established at level " + requiredAssurance.wireName());
    Map<LawfulBasis, Reason> skipped = new EnumMap<>(LawfulBasis.class);
    if (basis != null) {
      for (LawfulBasis other : LawfulBasis.values()) {
        if (!other.wireName().equals(basis)) {
          skipped.put(
              other,
              new Reason(
                  "other_lawful_basis",
                  id,
                  source,
                  under
                      + "; not applicable: the service's lawful basis is "
                      + other.wireName()
                      + ", not "
                      + basis));
        }
      }
    }
    this.otherBasis = skipped;
  }

  /**
   * Why the rule does not bind a service processing on {@code lawfulBasis}, or null when it does
   * (the rule has no basis, or the same one).
   */
  public Reason notApplicableUnder(LawfulBasis lawfulBasis) {
    return otherBasis.get(lawfulBasis);
  }

  /**
   * Whether the rule governs {@code action} on {@code service} (null: any service) on {@code day}.
   */
  public boolean appliesTo(AccountAction action, ServiceCategory service, long epochDay) {
    return governs(action, service, epochDay) && !enjoinedOn(epochDay);
  }

  /**
   * Whether the rule's text covers {@code action} on {@code service} on {@code day}, enforced or
   * enjoined.
   */
  public boolean governs(AccountAction action, ServiceCategory service, long epochDay) {
    return (actionMask & (1 << action.ordinal())) != 0
        && (service == null || (serviceMask & (1 << service.ordinal())) != 0)
        && epochDay >= effectiveFromDay
        && epochDay < effectiveUntilDay;
  }

  /** Whether a court stops the rule on {@code epochDay}. */
  public boolean enjoinedOn(long epochDay) {
    if (injunctions.isEmpty()) {
      return status == RuleStatus.ENJOINED;
    }
    for (Injunction injunction : injunctions) {
      if (injunction.covers(epochDay)) {
        return true;
      }
    }
    return false;
  }

  public String id() {
    return id;
  }

  public Set<AccountAction> actions() {
    return actions;
  }

  public Set<ServiceCategory> services() {
    return services;
  }

  public int minimumAge() {
    return minimumAge;
  }

  public BelowAction below() {
    return below;
  }

  public AssuranceLevel requiredAssurance() {
    return requiredAssurance;
  }

  public RuleStatus status() {
    return status;
  }

  /** The first day the rule applies, or null when not known. */
  public LocalDate effectiveFrom() {
    return effectiveFrom;
  }

  /** The first day the rule no longer applies, or null. */
  public LocalDate effectiveUntil() {
    return effectiveUntil;
  }

  /** {@code consent} when the rule only binds services relying on consent, else null. */
  public String basis() {
    return basis;
  }

  /** What the law asks below the age, or null. */
  public String obligation() {
    return obligation;
  }

  public List<Injunction> injunctions() {
    return injunctions;
  }

  public String source() {
    return source;
  }

  public String note() {
    return note;
  }

  /** Where the rule's facts were checked, and whether they were. */
  public Provenance provenance() {
    return provenance;
  }
}
