package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.decide.Action;
import org.vigil.core.decide.ContentRating;
import org.vigil.core.decide.DecideRequest;
import org.vigil.core.decide.DecideService;
import org.vigil.core.decide.Decision;
import org.vigil.core.decide.InMemoryAccountDirectory;
import org.vigil.core.decide.Outcome;
import org.vigil.core.decide.PartyInput;

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

  @Property(tries = 2000)
  void decide_adultToMinorContactWithoutConnection_neverAllowed(
      @ForAll("ruleSets") RuleSet rules,
      @ForAll("moments") Instant at,
      @ForAll("seeds") long seed,
      @ForAll("contactActions") Action action,
      @ForAll boolean consent) {
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

    Decision decision =
        service.decide(
            new DecideRequest(
                action,
                jurisdiction,
                ServiceCategory.values()[random.nextInt(ServiceCategory.values().length)],
                actor,
                target,
                null,
                at));

    assertThat(decision.outcome()).isNotEqualTo(Outcome.ALLOW);
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

  @Provide
  Arbitrary<Action> contactActions() {
    return Arbitraries.of(Action.MESSAGE, Action.COMMENT, Action.TAG, Action.GROUP_INVITE);
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Provide
  Arbitrary<Instant> moments() {
    return Arbitraries.longs()
        .between(
            Instant.parse("2020-01-01T00:00:00Z").getEpochSecond(),
            Instant.parse("2035-12-31T23:59:59Z").getEpochSecond())
        .map(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<RuleSet> ruleSets() {
    Arbitrary<MinimumAgeRule> rule =
        Combinators.combine(
                Arbitraries.integers().between(1, 25),
                Arbitraries.of(BelowAction.class),
                Arbitraries.of(
                    AssuranceLevel.ASSERTED,
                    AssuranceLevel.STANDARD,
                    AssuranceLevel.ENHANCED,
                    AssuranceLevel.STRICT),
                Arbitraries.of(RuleStatus.class),
                Arbitraries.integers().between(-1, 5000),
                Arbitraries.subsetOf(Action.values()).ofMinSize(1),
                Arbitraries.subsetOf(ServiceCategory.values()).ofMinSize(1),
                Arbitraries.strings().alpha().ofLength(6))
            .as(
                (age, below, level, status, days, actions, services, id) ->
                    new MinimumAgeRule(
                        "R-" + id,
                        EnumSet.copyOf(actions),
                        EnumSet.copyOf(services),
                        age,
                        below,
                        level,
                        status == RuleStatus.IN_FORCE && days < 0 ? RuleStatus.PENDING : status,
                        days < 0 ? null : LocalDate.of(2020, 1, 1).plusDays(days),
                        "generated",
                        null));
    Arbitrary<List<MinimumAgeRule>> rules =
        rule.list().ofMaxSize(5).uniqueElements(MinimumAgeRule::id);
    return Combinators.combine(
            rules,
            Arbitraries.integers().between(18, 25),
            Arbitraries.integers().between(0, 5),
            Arbitraries.of(ZONES),
            Arbitraries.of(RuleStatus.class))
        .as(
            (list, adultAge, margin, zone, protectionStatus) -> {
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
                      ZoneId.of(zone),
                      adultAge,
                      list,
                      content,
                      new ProtectionPolicy("P", protectionStatus, "generated"));
              return new RuleSet("generated", margin, Map.of("XA", jurisdiction));
            });
  }
}
