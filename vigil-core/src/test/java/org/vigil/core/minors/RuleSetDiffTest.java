package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.Account;
import org.vigil.core.intake.AgeSignal;

class RuleSetDiffTest {

  private static RuleSet bundledWith(String from, String to) throws IOException {
    String yaml;
    try (InputStream in =
        RuleSetLoader.class.getClassLoader().getResourceAsStream(RuleSetLoader.BUNDLED)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!yaml.contains(from)) {
      throw new IllegalArgumentException("not in the bundled rules: " + from);
    }
    String changed =
        yaml.replace(from, to)
            .replace("version: \"" + RuleSetLoader.bundled().version() + "\"", "version: \"next\"");
    return RuleSetLoader.load(
        new ByteArrayInputStream(changed.getBytes(StandardCharsets.UTF_8)), "changed.yaml");
  }

  @Test
  void between_sameRules_empty() {
    RuleSetDiff diff = RuleSetDiff.between(RuleSetLoader.bundled(), RuleSetLoader.bundled());

    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff.lines())
        .containsExactly(
            "rules "
                + RuleSetLoader.bundled().version()
                + " -> "
                + RuleSetLoader.bundled().version()
                + ": 0 rule(s) changed; jurisdictions affected: none");
  }

  @Test
  void between_euConsentAgeRaised_namesFieldAndOnlyThatCountry() throws IOException {
    RuleSet newer =
        bundledWith(
            "      - id: ES-GDPR8-14\n        basis: consent\n        minimumAge: 14",
            "      - id: ES-GDPR8-14\n        basis: consent\n        minimumAge: 16");

    RuleSetDiff diff = RuleSetDiff.between(RuleSetLoader.bundled(), newer);

    assertThat(diff.changes())
        .extracting(RuleSetDiff.Change::id, RuleSetDiff.Change::kind, RuleSetDiff.Change::fields)
        .containsExactly(tuple("ES-GDPR8-14", "changed", List.of("minimumAge")));
    assertThat(diff.affectedJurisdictions()).containsExactly("ES");
    assertThat(diff.lines().get(1)).contains("ES ES-GDPR8-14").contains("minimumAge: 14 -> 16");
  }

  @Test
  void between_inheritedRuleChanged_affectsEveryInheritor() throws IOException {
    RuleSet newer =
        bundledWith(
            "effectiveFrom: 2026-04-22\n        obligation",
            "effectiveFrom: 2026-05-01\n        obligation");

    RuleSetDiff diff = RuleSetDiff.between(RuleSetLoader.bundled(), newer);

    assertThat(diff.changes()).extracting(RuleSetDiff.Change::id).containsExactly("US-COPPA-13");
    assertThat(diff.affectedJurisdictions())
        .contains("US", "US-FL", "US-CA", "US-TX")
        .doesNotContain("GB", "BR");
  }

  @Test
  void between_ruleAddedAndRemoved_listed() throws IOException {
    RuleSet newer = bundledWith("id: DK-SOCIAL-15", "id: DK-SOCIAL-15-BILL");

    RuleSetDiff diff = RuleSetDiff.between(RuleSetLoader.bundled(), newer);

    assertThat(diff.changes())
        .extracting(RuleSetDiff.Change::id, RuleSetDiff.Change::kind)
        .containsExactlyInAnyOrder(
            tuple("DK-SOCIAL-15", "removed"), tuple("DK-SOCIAL-15-BILL", "added"));
    assertThat(diff.affectedJurisdictions()).containsExactly("DK");
  }

  @Test
  void review_withDiff_checksOnlyAffectedJurisdictions() throws IOException {
    InMemoryAccountDirectory accounts = new InMemoryAccountDirectory();
    accounts.put(account("es-14", "ES", LocalDate.of(2012, 1, 1)));
    accounts.put(account("de-14", "DE", LocalDate.of(2012, 1, 1)));
    RuleSet newer =
        bundledWith(
            "      - id: ES-GDPR8-14\n        basis: consent\n        minimumAge: 14",
            "      - id: ES-GDPR8-14\n        basis: consent\n        minimumAge: 16");
    RuleSetDiff diff = RuleSetDiff.between(RuleSetLoader.bundled(), newer);
    MinorProtectionCheck check = new MinorProtectionCheck(newer);
    ExistingAccountsReview review =
        new ExistingAccountsReview(
            accounts,
            new org.vigil.core.minors.DecideService(
                accounts,
                check.jurisdictions(),
                List.of(check),
                java.time.Clock.fixed(Scenarios.NOW, java.time.ZoneOffset.UTC)));
    List<ReviewFinding> findings = new ArrayList<>();

    ExistingAccountsReview.Summary summary =
        review.run(
            org.vigil.core.auth.Principal.DEFAULT_TENANT,
            ServiceCategory.SOCIAL_NETWORK,
            Instant.parse("2026-11-23T10:00:00Z"),
            findings::add,
            diff.affectedJurisdictions());

    // The German 14-year-old also needs consent (DE-GDPR8-16), but nothing changed for Germany.
    assertThat(findings).extracting(ReviewFinding::accountId).containsExactly("es-14");
    assertThat(findings.get(0).rules()).containsExactly("ES-GDPR8-14");
    assertThat(summary.skipped()).isEqualTo(1);
    assertThat(Set.copyOf(diff.affectedJurisdictions())).containsExactly("ES");
  }

  private static Account account(String id, String country, LocalDate birth) {
    return new Account(
        id,
        country,
        null,
        null,
        List.of(AgeSignal.selfDeclared(birth)),
        Set.of(),
        false,
        Scenarios.NOW);
  }
}
