package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.AccountAction;

/**
 * The bundled law data says where each fact comes from, and an enjoined provision never binds. Both
 * are checked over every rule in the file, so a rule added without provenance, or an injunction the
 * decision ignores, fails here.
 */
class BundledRulesProvenanceTest {

  private static final RuleSet RULES = RuleSetLoader.bundled();
  private static final LocalDate CHECKED = LocalDate.of(2026, 12, 5);

  /** Every rule that rests on a law: minimum-age, content and protections rules, each once. */
  private static Map<String, Provenance> lawRules() {
    Map<String, Provenance> byId = new LinkedHashMap<>();
    Map<String, RuleStatus> status = new LinkedHashMap<>();
    for (Jurisdiction jurisdiction : RULES.jurisdictions().values()) {
      for (MinimumAgeRule rule : jurisdiction.rules()) {
        byId.put(rule.id(), rule.provenance());
        status.put(rule.id(), rule.status());
      }
      for (ContentRule head : jurisdiction.contentRules()) {
        for (ContentRule rule = head; rule != null; rule = rule.fallback()) {
          byId.put(rule.id(), rule.provenance());
          status.put(rule.id(), rule.status() == null ? RuleStatus.VIGIL_DEFAULT : rule.status());
        }
      }
      byId.put(jurisdiction.protections().id(), jurisdiction.protections().provenance());
      status.put(jurisdiction.protections().id(), jurisdiction.protections().status());
    }
    // Vigil's own defaults cite no law, so there is nothing to check them against.
    byId.keySet().removeIf(id -> status.get(id) == RuleStatus.VIGIL_DEFAULT);
    return byId;
  }

  @Test
  void bundled_everyLawRule_recordsCheckedDateAndVerifiedOrWhyNot() {
    Map<String, Provenance> rules = lawRules();

    assertThat(rules).hasSizeGreaterThan(70);
    List<String> problems = new ArrayList<>();
    rules.forEach(
        (id, provenance) -> {
          if (!provenance.recorded()) {
            problems.add(id + ": no provenance");
          } else if (!CHECKED.equals(provenance.checked())) {
            problems.add(id + ": checked " + provenance.checked());
          } else if (provenance.verified() && provenance.urls().isEmpty()) {
            problems.add(id + ": verified without a source URL");
          } else if (!provenance.verified() && provenance.checkNote() == null) {
            problems.add(id + ": unverified without saying why");
          }
        });
    assertThat(problems).isEmpty();
  }

  @Test
  void bundled_consentAgesAndNamedStateLaws_verifiedOrMarked() {
    Map<String, Provenance> rules = lawRules();

    // The pass of 2026-12-05 covered these; each is verified or says what is missing.
    for (String id :
        List.of(
            "DE-GDPR8-16",
            "FR-GDPR8-15",
            "ES-GDPR8-14",
            "IT-GDPR8-14",
            "IE-GDPR8-16",
            "GB-UKGDPR-13",
            "US-TN-HB1891-18",
            "US-MS-HB1126-18",
            "US-UT-SB194-18",
            "US-TX-HB18-18",
            "US-GA-SB351-16",
            "US-VA-SB854-16",
            "US-CA-AB2273-18",
            "US-NE-LB383-18",
            "US-NE-LB504-18",
            "US-NE-LB504-13",
            "US-OH-1349.09-16",
            "US-AR-ACT689-18",
            "US-AR-ACT900-16",
            "US-AR-ACT952-13",
            "US-WY-HB43-AV",
            "US-VT-ACT63-18",
            "LV-GDPR8-13",
            "IS-GDPR8-13",
            "LI-GDPR8-16",
            "FR-PPL-2026-15")) {
      assertThat(rules.get(id).verified()).as(id).isTrue();
      assertThat(rules.get(id).urls()).as(id).allMatch(url -> url.startsWith("http"));
    }
    // Where only secondary sources were found, the rule says so and stays unverified.
    assertThat(rules.get("FR-PPL-2026-15-CONSENT").verified()).isFalse();
    assertThat(rules.get("FR-PPL-2026-15-CONSENT").checkNote()).contains("Senate");
    for (String id : List.of("LT-GDPR8-14", "MT-GDPR8-13", "RO-GDPR8-16", "US-AR-ACT952-17")) {
      assertThat(rules.get(id).verified()).as(id).isFalse();
      assertThat(rules.get(id).checkNote()).as(id).startsWith("only secondary sources");
    }
  }

  /**
   * The provenance table in docs/minors.md lists every law rule once, with the file's verified
   * flag, so a reader of the docs never sees a rule as checked that the data marks unverified.
   */
  @Test
  void docsProvenanceTable_listsEveryLawRuleWithItsVerifiedFlag() throws IOException {
    Map<String, Boolean> documented = new LinkedHashMap<>();
    for (String line : Files.readAllLines(minorsDoc())) {
      String[] cells = line.split("\\|");
      if (line.startsWith("| `") && cells.length == 5) {
        String flag = cells[2].trim();
        if (flag.equals("yes") || flag.equals("**no**")) {
          String id = cells[1].trim().replace("`", "");
          assertThat(documented.put(id, flag.equals("yes"))).as(id + " listed twice").isNull();
        }
      }
    }
    Map<String, Boolean> expected = new LinkedHashMap<>();
    lawRules().forEach((id, provenance) -> expected.put(id, provenance.verified()));

    assertThat(documented).isEqualTo(expected);
  }

  private static Path minorsDoc() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("docs/minors.md");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("docs/minors.md not found above " + Path.of("").toAbsolutePath());
  }

  @Test
  void bundled_billsAndAnnouncements_neverApply() {
    List<String> bills = new ArrayList<>();
    for (Jurisdiction jurisdiction : RULES.jurisdictions().values()) {
      for (MinimumAgeRule rule : jurisdiction.rules()) {
        if (rule.status() == RuleStatus.PENDING
            || rule.status() == RuleStatus.ENACTED_NOT_IN_FORCE) {
          assertThat(rule.effectiveFrom()).as(rule.id()).isNull();
          for (ServiceCategory category : rule.services()) {
            assertThat(
                    rule.appliesTo(
                        AccountAction.SIGNUP, category, LocalDate.of(2099, 1, 1).toEpochDay()))
                .as(rule.id())
                .isFalse();
          }
          bills.add(rule.id());
        }
      }
    }
    assertThat(bills)
        .contains(
            "FR-PPL-2026-15",
            "FR-PPL-2026-15-CONSENT",
            "DK-SOCIAL-15",
            "NO-PDL-15",
            "PT-PL-398-16",
            "RO-DIGITAL-MAJORITY-16",
            "ES-PLO-ENTORNOS-DIGITALES-16");
  }

  @Test
  void bundled_everyInjunction_namesItsCaseOrCourt() {
    for (Jurisdiction jurisdiction : RULES.jurisdictions().values()) {
      for (MinimumAgeRule rule : jurisdiction.rules()) {
        if (rule.status() == RuleStatus.ENJOINED || !rule.injunctions().isEmpty()) {
          assertThat(rule.injunctions()).as(rule.id()).isNotEmpty();
          assertThat(rule.injunctions())
              .as(rule.id())
              .allMatch(
                  injunction ->
                      injunction.by().contains(" v. ") || injunction.by().contains("(D. "));
        }
      }
    }
  }

  /**
   * For every rule and every day a court stops it (the first day of each injunction, or today for
   * one enjoined for its whole life), a child one year under the rule's age, on a service the rule
   * covers, gets the rule only as {@code law_enjoined}: never a denial, a consent requirement or an
   * obligation under it.
   */
  @Test
  void decide_enjoinedProvision_shownButNeverEnforced() {
    DecideService service = Scenarios.service(RULES);
    int checked = 0;
    for (Jurisdiction jurisdiction : RULES.jurisdictions().values()) {
      for (MinimumAgeRule rule : jurisdiction.rules()) {
        if (!RULES.origins().getOrDefault(rule.id(), "").equals(jurisdiction.code())) {
          continue; // inherited: checked where declared
        }
        for (LocalDate day : enjoinedDays(rule)) {
          ServiceCategory category = rule.services().iterator().next();
          AccountAction action =
              rule.actions().contains(AccountAction.SIGNUP) ? AccountAction.SIGNUP : first(rule);
          if (!rule.governs(action, category, day.toEpochDay())) {
            continue; // enjoined before it would have applied: nothing to show on that day
          }
          LocalDate born = day.minusYears(rule.minimumAge() - 1L).minusDays(1);
          Instant at = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
          DecideAnswer answer =
              service.decide(
                  Scenarios.request(
                      jurisdiction.code(),
                      action.wireName(),
                      category.wireName(),
                      "self:" + born,
                      null,
                      null,
                      null,
                      null,
                      null,
                      at.toString()));

          assertThat(answer.reasons())
              .as(rule.id() + " on " + day)
              .filteredOn(reason -> rule.id().equals(reason.rule()))
              .extracting(Reason::code)
              .containsExactly("law_enjoined");
          checked++;
        }
      }
    }
    // Mississippi (twice), Utah, Louisiana, Georgia, Texas (twice), Virginia, California (twice),
    // Florida (two rules), Nebraska, Ohio and Arkansas: the data's injunctions are all exercised.
    assertThat(checked).isGreaterThanOrEqualTo(13);
  }

  @Test
  void decide_georgiaUnderSixteenWhileEnjoined_allowedWithLawShown() {
    DecideAnswer answer =
        Scenarios.service(RULES)
            .decide(
                Scenarios.request(
                    "US-GA",
                    "signup",
                    "social_network",
                    "self:2012-01-01",
                    null,
                    null,
                    null,
                    null,
                    null,
                    "2026-11-23T12:00:00Z"));

    assertThat(answer.verdict().wireName()).isEqualTo("allow");
    assertThat(answer.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("law_enjoined", "US-GA-SB351-16"))
        .doesNotContain(tuple("parental_consent_required", "US-GA-SB351-16"));
  }

  private static AccountAction first(MinimumAgeRule rule) {
    return rule.actions().iterator().next();
  }

  private static List<LocalDate> enjoinedDays(MinimumAgeRule rule) {
    List<LocalDate> days = new ArrayList<>();
    for (Injunction injunction : rule.injunctions()) {
      LocalDate day = injunction.from() != null ? injunction.from() : rule.effectiveFrom();
      if (day != null && rule.effectiveFrom() != null && day.isBefore(rule.effectiveFrom())) {
        day = rule.effectiveFrom(); // enjoined before its start: the first day it would bind
      }
      if (day != null && rule.enjoinedOn(day.toEpochDay())) {
        days.add(day);
      }
    }
    if (rule.status() == RuleStatus.ENJOINED && rule.injunctions().isEmpty()) {
      days.add(LocalDate.of(2026, 11, 23));
    }
    return days;
  }
}
