package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.AccountAction;

class RuleSetLoaderTest {

  static final String MINIMAL_HEAD =
      """
      version: "test-1"
      defaults:
        protections: {rule: P, status: vigil_default, source: "test"}
        contentRatings:
          general: {rule: R0, minimumAge: 0, source: s}
          teen: {rule: R13, minimumAge: 13, source: s}
          mature: {rule: R16, minimumAge: 16, source: s}
          sensitive: {rule: R18S, minimumAge: 18, source: s}
          adult: {rule: R18, minimumAge: 18, requiredAssurance: enhanced, source: s}
      """;

  static RuleSet parse(String yaml) {
    return RuleSetLoader.load(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  @Test
  void bundled_loads_everyRuleCitesASource() {
    RuleSet rules = RuleSetLoader.bundled();

    assertThat(rules.version()).isEqualTo("2026-12-05.15");
    assertThat(rules.codes()).contains("US-VT", "AU", "US", "GB", "EU", "FR", "ES", "DE", "SE");
    // 27 EU states, the EU, 3 EEA states, UK, AU, US and 27 US states, BR, MY.
    assertThat(rules.codes()).hasSize(63);
    for (String code : rules.codes()) {
      for (MinimumAgeRule rule : rules.find(code).rules()) {
        assertThat(rule.source()).isNotBlank();
      }
    }
  }

  @Test
  void bundled_australia_sixteenWithoutOverrideFromTenthOfDecember2025() {
    MinimumAgeRule rule = RuleSetLoader.bundled().find("AU").rule("AU-SMMA-16");

    assertThat(rule.minimumAge()).isEqualTo(16);
    assertThat(rule.below()).isEqualTo(BelowAction.DENY);
    assertThat(rule.effectiveFrom()).isEqualTo(LocalDate.of(2025, 12, 10));
    assertThat(rule.services()).doesNotContain(ServiceCategory.MESSAGING);
  }

  @Test
  void bundled_billsAndUnappliedLaws_haveNoEffectiveDate() {
    RuleSet rules = RuleSetLoader.bundled();

    for (String id : new String[] {"FR-2023-566-15", "FR-PPL-2026-15"}) {
      MinimumAgeRule rule = rules.find("FR").rule(id);
      assertThat(rule.effectiveFrom()).isNull();
      assertThat(
              rule.appliesTo(
                  AccountAction.SIGNUP, ServiceCategory.SOCIAL_NETWORK, Long.MAX_VALUE - 1))
          .isFalse();
    }
    assertThat(rules.find("ES").rule("ES-PLO-ENTORNOS-DIGITALES-16").status())
        .isEqualTo(RuleStatus.PENDING);
  }

  @Test
  void bundled_memberStatesInheritEuDefaults() {
    RuleSet rules = RuleSetLoader.bundled();

    assertThat(rules.find("de").protections().id()).isEqualTo("EU-DSA-28-GUIDELINES");
    assertThat(rules.find("UK").code()).isEqualTo("GB");
    assertThat(rules.find("XX")).isNull();
  }

  @Test
  void load_adultAgeBelowEighteen_rejectedWithPath() {
    String yaml =
        MINIMAL_HEAD
            + """
            jurisdictions:
              XA: {name: Test, timeZone: UTC, adultAge: 16}
            """;

    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(RuleSetException.class)
        .hasMessageContaining("jurisdictions.XA")
        .hasMessageContaining("adultAge");
  }

  @Test
  void load_ruleInForceWithoutDate_rejectedWithPath() {
    String yaml =
        MINIMAL_HEAD
            + """
            jurisdictions:
              XA:
                name: Test
                timeZone: UTC
                rules:
                  - {id: X-1, minimumAge: 16, below: deny, status: in_force, source: s}
            """;

    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(RuleSetException.class)
        .hasMessageContaining("jurisdictions.XA.rules[0]")
        .hasMessageContaining("effectiveFrom");
  }

  @Test
  void load_misspeltKey_rejected() {
    String yaml =
        MINIMAL_HEAD
            + """
            jurisdictions:
              XA: {name: Test, timeZone: UTC, minimumAge: 16}
            """;

    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(RuleSetException.class)
        .hasMessageContaining("minimumAge");
  }

  @Test
  void load_unknownServiceAndZone_rejected() {
    String badService =
        MINIMAL_HEAD
            + """
            jurisdictions:
              XA:
                name: Test
                timeZone: UTC
                rules:
                  - {id: X-1, services: [dating], minimumAge: 16, below: deny, status: pending, source: s}
            """;
    String badZone =
        MINIMAL_HEAD
            + """
            jurisdictions:
              XA: {name: Test, timeZone: Mars/Olympus}
            """;

    assertThatThrownBy(() -> parse(badService)).hasMessageContaining("dating");
    assertThatThrownBy(() -> parse(badZone)).hasMessageContaining("Mars/Olympus");
  }

  @Test
  void load_inheritsAndReplaces_childOverridesParentRule() {
    String yaml =
        MINIMAL_HEAD
            + """
            jurisdictions:
              XA:
                name: Parent
                timeZone: UTC
                rules:
                  - {id: XA-16, minimumAge: 16, below: deny, status: in_force, effectiveFrom: 2020-01-01, source: s}
              XB:
                name: Child
                timeZone: UTC
                inherits: XA
                replaces: [XA-16]
                rules:
                  - {id: XB-14, minimumAge: 14, below: require_parental_consent, status: in_force, effectiveFrom: 2020-01-01, source: s}
            """;

    RuleSet rules = parse(yaml);

    assertThat(rules.find("XB").rules()).extracting(MinimumAgeRule::id).containsExactly("XB-14");
    assertThat(rules.find("XA").rules()).extracting(MinimumAgeRule::id).containsExactly("XA-16");
  }

  @Test
  void load_subdivisionWithDatedLawsAndInjunction_timelineFollowsTheDates() {
    String yaml =
        MINIMAL_HEAD
            + """
            jurisdictions:
              XA:
                name: Country
                timeZone: UTC
                rules:
                  - {id: X-OLD, minimumAge: 13, below: require_parental_consent, status: in_force,
                     effectiveFrom: 2020-01-01, effectiveUntil: 2026-01-01, source: s}
              XA-ST:
                name: State
                timeZone: UTC
                inherits: XA
                rules:
                  - id: X-ST-16
                    minimumAge: 16
                    below: deny
                    status: in_force
                    effectiveFrom: 2025-01-01
                    enjoined: [{from: 2025-03-01, until: 2025-06-01, by: "A v. B"}]
                    source: s
                  - {id: X-ST-INFO, minimumAge: 16, below: inform, status: in_force,
                     effectiveFrom: 2025-01-01, obligation: "one hour a day", source: s}
                contentRatings:
                  adult:
                    - {rule: X-AV-1, minimumAge: 18, requiredAssurance: enhanced, status: in_force,
                       effectiveFrom: 2024-01-01, source: s}
                    - {rule: X-AV-2, minimumAge: 18, requiredAssurance: enhanced, status: in_force,
                       effectiveFrom: 2025-01-01, source: s}
            """;

    RuleSet rules = parse(yaml);
    Jurisdiction state = rules.find("xa-st");
    MinimumAgeRule old = state.rule("X-OLD");
    MinimumAgeRule law = state.rule("X-ST-16");
    long day = LocalDate.of(2025, 12, 31).toEpochDay();

    assertThat(state.code()).isEqualTo("XA-ST");
    assertThat(old.appliesTo(AccountAction.SIGNUP, null, day)).isTrue();
    assertThat(old.appliesTo(AccountAction.SIGNUP, null, day + 1)).isFalse();
    assertThat(law.appliesTo(AccountAction.SIGNUP, null, LocalDate.of(2025, 2, 28).toEpochDay()))
        .isTrue();
    assertThat(law.enjoinedOn(LocalDate.of(2025, 3, 1).toEpochDay())).isTrue();
    assertThat(law.appliesTo(AccountAction.SIGNUP, null, LocalDate.of(2025, 5, 31).toEpochDay()))
        .isFalse();
    assertThat(law.appliesTo(AccountAction.SIGNUP, null, LocalDate.of(2025, 6, 1).toEpochDay()))
        .isTrue();
    assertThat(state.rule("X-ST-INFO").below()).isEqualTo(BelowAction.INFORM);
    assertThat(state.contentRule(org.vigil.core.intake.ContentRating.ADULT, day).id())
        .isEqualTo("X-AV-2");
    assertThat(
            state
                .contentRule(
                    org.vigil.core.intake.ContentRating.ADULT,
                    LocalDate.of(2024, 6, 1).toEpochDay())
                .id())
        .isEqualTo("X-AV-1");
    assertThat(
            state
                .contentRule(
                    org.vigil.core.intake.ContentRating.ADULT,
                    LocalDate.of(2023, 6, 1).toEpochDay())
                .id())
        .isEqualTo("R18");
    assertThat(rules.origins()).containsEntry("X-OLD", "XA").containsEntry("X-AV-1", "XA-ST");
  }

  @Test
  void load_informWithoutObligation_rejectedWithPath() {
    String yaml =
        MINIMAL_HEAD
            + """
            jurisdictions:
              XA:
                name: Test
                timeZone: UTC
                rules:
                  - {id: X-1, minimumAge: 16, below: inform, status: in_force,
                     effectiveFrom: 2025-01-01, source: s}
            """;

    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(RuleSetException.class)
        .hasMessageContaining("jurisdictions.XA.rules[0]")
        .hasMessageContaining("obligation");
  }

  @Test
  void load_verifiedRuleWithUrlAndDate_keepsProvenance() {
    String yaml =
        MINIMAL_HEAD
            + """
            jurisdictions:
              XA:
                name: Test
                timeZone: UTC
                protections: {rule: XP, status: in_force, source: s, sourceUrls: [https://a.example/p],
                              checked: 2026-12-05, verified: true}
                contentRatings:
                  adult: {rule: XR, minimumAge: 18, source: s, status: in_force,
                          effectiveFrom: 2025-01-01, checked: 2026-12-05, verified: false,
                          checkNote: "date per press only"}
                rules:
                  - {id: X-1, minimumAge: 16, below: deny, status: in_force,
                     effectiveFrom: 2025-01-01, source: s,
                     sourceUrls: [https://law.example/act, https://court.example/order],
                     checked: 2026-12-05, verified: true, checkNote: "age and date confirmed"}
            """;

    RuleSet rules = parse(yaml);

    Provenance rule = rules.find("XA").rule("X-1").provenance();
    assertThat(rule.urls())
        .containsExactly("https://law.example/act", "https://court.example/order");
    assertThat(rule.checked()).isEqualTo(LocalDate.of(2026, 12, 5));
    assertThat(rule.verified()).isTrue();
    assertThat(rule.checkNote()).isEqualTo("age and date confirmed");
    assertThat(rules.find("XA").protections().provenance().verified()).isTrue();
    Provenance rating =
        rules
            .find("XA")
            .contentRule(
                org.vigil.core.intake.ContentRating.ADULT, LocalDate.of(2026, 1, 1).toEpochDay())
            .provenance();
    assertThat(rating.verified()).isFalse();
    assertThat(rating.checkNote()).isEqualTo("date per press only");
  }

  @Test
  void load_noProvenance_unrecorded() {
    String yaml =
        MINIMAL_HEAD
            + """
            jurisdictions:
              XA:
                name: Test
                timeZone: UTC
                rules:
                  - {id: X-1, minimumAge: 16, below: deny, status: in_force,
                     effectiveFrom: 2025-01-01, source: s}
            """;

    Provenance provenance = parse(yaml).find("XA").rule("X-1").provenance();

    assertThat(provenance.recorded()).isFalse();
    assertThat(provenance).isEqualTo(Provenance.UNRECORDED);
  }

  @Test
  void load_verifiedWithoutUrl_rejectedWithPath() {
    assertRejected(
        "{id: X-1, minimumAge: 16, below: deny, status: in_force, effectiveFrom: 2025-01-01,"
            + " source: s, checked: 2026-12-05, verified: true}",
        "sourceUrls");
  }

  @Test
  void load_unverifiedWithoutCheckNote_rejectedWithPath() {
    assertRejected(
        "{id: X-1, minimumAge: 16, below: deny, status: in_force, effectiveFrom: 2025-01-01,"
            + " source: s, checked: 2026-12-05, verified: false}",
        "checkNote");
  }

  @Test
  void load_urlWithoutCheckedDate_rejectedWithPath() {
    assertRejected(
        "{id: X-1, minimumAge: 16, below: deny, status: in_force, effectiveFrom: 2025-01-01,"
            + " source: s, sourceUrls: [https://law.example/act], verified: true}",
        "checked");
  }

  @Test
  void load_sourceUrlNotHttp_rejectedWithPath() {
    assertRejected(
        "{id: X-1, minimumAge: 16, below: deny, status: in_force, effectiveFrom: 2025-01-01,"
            + " source: s, sourceUrls: [\"see the act\"], checked: 2026-12-05, verified: true}",
        "not an absolute http(s) URL");
  }

  @Test
  void bundled_changelog_startsWithThisVersionNewestFirst() {
    RuleSet rules = RuleSetLoader.bundled();

    assertThat(rules.changelog()).isNotEmpty();
    assertThat(rules.changelog().get(0).version()).isEqualTo(rules.version());
    assertThat(rules.changelog())
        .anySatisfy(
            entry -> assertThat(entry.changes()).anyMatch(change -> change.contains("Ohio")));
    for (int i = 1; i < rules.changelog().size(); i++) {
      assertThat(rules.changelog().get(i).date())
          .isBeforeOrEqualTo(rules.changelog().get(i - 1).date());
    }
  }

  @Test
  void load_changelog_keptInOrderAndEmptyWhenAbsent() {
    String jurisdictions = "jurisdictions:\n  XA: {name: Test, timeZone: UTC}\n";
    RuleSet withLog =
        parse(
            MINIMAL_HEAD
                + """
                changelog:
                  - {version: test-1, date: 2026-12-05, changes: [Ohio added]}
                  - {version: test-0, date: 2026-11-23, changes: [first release]}
                """
                + jurisdictions);

    assertThat(withLog.changelog())
        .containsExactly(
            new RuleSet.ChangelogEntry("test-1", LocalDate.of(2026, 12, 5), List.of("Ohio added")),
            new RuleSet.ChangelogEntry(
                "test-0", LocalDate.of(2026, 11, 23), List.of("first release")));
    assertThat(parse(MINIMAL_HEAD + jurisdictions).changelog()).isEmpty();
  }

  @Test
  void load_changelogEntryWithoutDateOrTwice_rejected() {
    String jurisdictions = "jurisdictions:\n  XA: {name: Test, timeZone: UTC}\n";

    assertThatThrownBy(
            () ->
                parse(
                    MINIMAL_HEAD
                        + "changelog:\n  - {version: test-1, changes: [x]}\n"
                        + jurisdictions))
        .isInstanceOf(RuleSetException.class)
        .hasMessageContaining("changelog test-1: 'date' is required");
    assertThatThrownBy(
            () ->
                parse(
                    MINIMAL_HEAD
                        + "changelog:\n  - {version: a, date: 2026-12-05, changes: [x]}\n"
                        + "  - {version: a, date: 2026-12-04, changes: [y]}\n"
                        + jurisdictions))
        .isInstanceOf(RuleSetException.class)
        .hasMessageContaining("version a twice");
  }

  private static void assertRejected(String rule, String message) {
    String yaml =
        MINIMAL_HEAD
            + "jurisdictions:\n  XA:\n    name: Test\n    timeZone: UTC\n    rules:\n      - "
            + rule
            + "\n";

    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(RuleSetException.class)
        .hasMessageContaining("jurisdictions.XA.rules[0]")
        .hasMessageContaining(message);
  }
}
