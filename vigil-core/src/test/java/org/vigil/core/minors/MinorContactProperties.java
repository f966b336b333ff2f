package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.vigil.core.testing.Gens.listsOf;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.vigil.core.actions.Verdict;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.AccountAction;
import org.vigil.core.intake.AgeSignal;
import org.vigil.core.intake.AssuranceLevel;
import org.vigil.core.intake.ContentRating;
import org.vigil.core.intake.DecideRequest;
import org.vigil.core.intake.PartyInput;
import org.vigil.core.intake.SignalSource;

/**
 * Whatever the rule data says, an adult who is not an accepted connection never gets an "allow" to
 * message, comment on, tag or invite a minor. Rule sets, people, signals, zones and moments are all
 * random; signals are honest at their strongest level (lies only at weaker levels, which must not
 * matter), because no rule can protect a child whose best evidence says they are an adult.
 */
class MinorContactProperties {

  private static final List<String> ZONES =
      List.of(
          "UTC",
          "Pacific/Kiritimati",
          "Pacific/Pago_Pago",
          "Australia/Perth",
          "Australia/Sydney",
          "America/Los_Angeles",
          "Europe/Paris",
          "Asia/Kolkata");

  record Person(LocalDate birth, List<AgeSignal> signals, ZoneId zone) {}

  /** The moment, the person seed, the contact action and the adult's parental-consent flag. */
  record Situation(Instant at, long seed, AccountAction action, boolean consent) {}

  @Test
  void decide_adultToMinorContactWithoutConnection_neverAllowed() {
    Gen<Situation> situations =
        moments().zip(longs().all(), contactActions(), booleans().all(), Situation::new);
    qt().withExamples(2000)
        .forAll(ruleSets(), situations)
        .checkAssert(
            (rules, s) -> adultNeverAllowed(rules, s.at(), s.seed(), s.action(), s.consent()));
  }

  private static void adultNeverAllowed(
      RuleSet rules, Instant at, long seed, AccountAction action, boolean consent) {
    java.util.Random random = new java.util.Random(seed);
    MinorProtectionCheck check = new MinorProtectionCheck(rules);
    DecideService service =
        new DecideService(
            new InMemoryAccountDirectory(),
            check.jurisdictions(),
            List.of(check),
            Clock.fixed(at, ZoneOffset.UTC));
    String jurisdiction = rules.codes().iterator().next();
    ZoneId targetZone = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
    LocalDate targetToday = LocalDate.ofInstant(at, targetZone);
    // A minor: born less than 18 years before the target's local today (at least one day old).
    long youngest = targetToday.toEpochDay() - 1;
    long oldest = targetToday.minusYears(18).toEpochDay() + 1;
    LocalDate targetBirth =
        LocalDate.ofEpochDay(oldest + (long) (random.nextDouble() * (youngest - oldest)));
    ZoneId actorZone = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
    LocalDate actorToday = LocalDate.ofInstant(at, actorZone);
    LocalDate actorBirth =
        actorToday.minusYears(18 + random.nextInt(60)).minusDays(random.nextInt(365));

    PartyInput actor =
        new PartyInput(
            "adult",
            null,
            null,
            actorZone,
            honestSignals(random, actorBirth, at, actorZone),
            null,
            null,
            consent);
    PartyInput target =
        new PartyInput(
            "minor",
            null,
            null,
            targetZone,
            honestSignals(random, targetBirth, at, targetZone),
            null,
            false,
            null);

    DecideAnswer decision =
        service.decide(
            new DecideRequest(
                action,
                jurisdiction,
                ServiceCategory.values()[random.nextInt(ServiceCategory.values().length)],
                actor,
                target,
                null,
                at));

    assertThat(decision.verdict()).isNotEqualTo(Verdict.ALLOW);
  }

  /** Signals that contain the truth at the strongest level present, possibly lies below it. */
  static List<AgeSignal> honestSignals(
      java.util.Random random, LocalDate birth, Instant at, ZoneId zone) {
    List<AgeSignal> signals = new ArrayList<>();
    int count = random.nextInt(4);
    LocalDate today = LocalDate.ofInstant(at, zone);
    AssuranceLevel strongest = AssuranceLevel.NONE;
    for (int i = 0; i < count; i++) {
      SignalSource source = SignalSource.values()[random.nextInt(SignalSource.values().length)];
      AssuranceLevel level = source.maximumLevel();
      if (random.nextBoolean()) {
        level = source.defaultLevel();
      }
      int age = ageOn(birth, today);
      if (source == SignalSource.ESTIMATE
          || (source == SignalSource.OS_AGE_RANGE && random.nextBoolean())) {
        int below = random.nextInt(3);
        int above = random.nextInt(3);
        signals.add(
            new AgeSignal(
                source,
                "test",
                null,
                Math.max(0, age - below),
                age + above,
                random.nextDouble(),
                level,
                null));
      } else {
        signals.add(new AgeSignal(source, "test", birth, null, null, null, level, null));
      }
      if (level.compareTo(strongest) > 0) {
        strongest = level;
      }
    }
    if (strongest.compareTo(AssuranceLevel.ASSERTED) > 0 && random.nextBoolean()) {
      // A lie at the weakest level: says 30 whatever the truth.
      signals.add(AgeSignal.selfDeclared(today.minusYears(30)));
    }
    return signals;
  }

  private static int ageOn(LocalDate birth, LocalDate day) {
    int years = day.getYear() - birth.getYear();
    return day.minusYears(years).isBefore(birth) ? years - 1 : years;
  }

  static Gen<AccountAction> contactActions() {
    return arbitrary()
        .pick(
            AccountAction.MESSAGE,
            AccountAction.COMMENT,
            AccountAction.TAG,
            AccountAction.GROUP_INVITE);
  }

  static Gen<Instant> moments() {
    return longs()
        .between(
            Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(),
            Instant.parse("2035-12-31T23:59:59Z").getEpochSecond())
        .map((Long seconds) -> Instant.ofEpochSecond(seconds));
  }

  /** What a generated minimum-age rule requires. */
  record Requirement(int age, BelowAction below, AssuranceLevel level) {}

  /** When a generated rule applies. */
  record Validity(RuleStatus status, int days) {}

  /** What a generated rule covers. */
  record Coverage(List<AccountAction> actions, List<ServiceCategory> services) {}

  /** The jurisdiction-wide settings of a generated rule set. */
  record Settings(int adultAge, int margin, String zone, RuleStatus protectionStatus) {}

  static Gen<MinimumAgeRule> rules(int index) {
    Gen<Requirement> requirements =
        integers()
            .between(1, 25)
            .zip(
                arbitrary().enumValues(BelowAction.class),
                arbitrary()
                    .pick(
                        AssuranceLevel.ASSERTED,
                        AssuranceLevel.STANDARD,
                        AssuranceLevel.ENHANCED,
                        AssuranceLevel.STRICT),
                Requirement::new);
    Gen<Validity> validities =
        arbitrary().enumValues(RuleStatus.class).zip(integers().between(-1, 5000), Validity::new);
    Gen<Coverage> coverages =
        listsOf(arbitrary().enumValues(AccountAction.class), 1, AccountAction.values().length)
            .zip(
                listsOf(
                    arbitrary().enumValues(ServiceCategory.class),
                    1,
                    ServiceCategory.values().length),
                Coverage::new);
    return requirements.zip(
        validities,
        coverages,
        (requirement, validity, coverage) ->
            new MinimumAgeRule(
                "R-" + index,
                EnumSet.copyOf(coverage.actions()),
                EnumSet.copyOf(coverage.services()),
                requirement.age(),
                requirement.below(),
                requirement.level(),
                validity.status() == RuleStatus.IN_FORCE && validity.days() < 0
                    ? RuleStatus.PENDING
                    : validity.status(),
                validity.days() < 0 ? null : LocalDate.of(2020, 1, 1).plusDays(validity.days()),
                "generated",
                null));
  }

  static Gen<List<MinimumAgeRule>> ruleLists() {
    // Up to five rules with distinct ids, as a rule file requires.
    return integers()
        .between(0, 5)
        .flatMap(
            count -> {
              Gen<List<MinimumAgeRule>> list = arbitrary().constant(List.of());
              for (int i = 0; i < count; i++) {
                Gen<MinimumAgeRule> next = rules(i);
                list =
                    list.zip(
                        next,
                        (sofar, rule) -> {
                          List<MinimumAgeRule> longer = new ArrayList<>(sofar);
                          longer.add(rule);
                          return longer;
                        });
              }
              return list;
            });
  }

  static Gen<RuleSet> ruleSets() {
    Gen<Settings> settings =
        integers()
            .between(18, 25)
            .zip(
                integers().between(0, 5),
                arbitrary().pick(ZONES),
                arbitrary().enumValues(RuleStatus.class),
                Settings::new);
    return ruleLists()
        .zip(
            settings,
            (list, s) -> {
              List<ContentRule> content = new ArrayList<>();
              for (ContentRating rating : ContentRating.values()) {
                content.add(
                    new ContentRule(
                        "C-" + rating.wireName(),
                        rating,
                        rating.ordinal() * 4,
                        AssuranceLevel.ASSERTED,
                        "generated"));
              }
              Jurisdiction jurisdiction =
                  new Jurisdiction(
                      "XA",
                      "Generated",
                      ZoneId.of(s.zone()),
                      s.adultAge(),
                      list,
                      content,
                      new ProtectionPolicy("P", s.protectionStatus(), "generated"));
              return new RuleSet("generated", s.margin(), Map.of("XA", jurisdiction));
            });
  }
}
