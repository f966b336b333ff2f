package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.auth.Principal;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.Account;

class ExistingAccountsReviewTest {

  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

  /** The bundled rules with one edit, as an operator would make in their own copy. */
  static RuleSet bundledWith(String from, String to) throws IOException {
    String yaml;
    try (InputStream in =
        RuleSetLoader.class.getClassLoader().getResourceAsStream(RuleSetLoader.BUNDLED)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(yaml).contains(from);
    return RuleSetLoaderTest.parse(yaml.replace(from, to));
  }

  private static Account account(String id, String country, LocalDate birth, boolean consent) {
    return new Account(id, country, birth, null, List.of(), null, consent, AT);
  }

  private static List<ReviewFinding> review(RuleSet rules, InMemoryAccountDirectory accounts) {
    MinorProtectionCheck check = new MinorProtectionCheck(rules);
    DecideService service =
        new DecideService(
            accounts, check.jurisdictions(), List.of(check), Clock.fixed(AT, ZoneOffset.UTC));
    return new ExistingAccountsReview(accounts, service)
        .run(Principal.DEFAULT_TENANT, ServiceCategory.SOCIAL_NETWORK, AT);
  }

  @Test
  void run_oneTenant_walksOnlyItsAccountsAndTagsFindingsWithIt() {
    InMemoryAccountDirectory accounts = new InMemoryAccountDirectory();
    accounts.put(account("us-12", "US", LocalDate.of(2014, 6, 1), false));
    accounts.put("forum-b", account("us-12", "US", LocalDate.of(1990, 6, 1), false));
    accounts.put("forum-b", account("us-11", "US", LocalDate.of(2015, 6, 1), false));
    MinorProtectionCheck check = new MinorProtectionCheck(RuleSetLoader.bundled());
    ExistingAccountsReview review =
        new ExistingAccountsReview(
            accounts,
            new DecideService(
                accounts, check.jurisdictions(), List.of(check), Clock.fixed(AT, ZoneOffset.UTC)));
    List<ReviewFinding> found = new java.util.ArrayList<>();

    ExistingAccountsReview.Summary summary =
        review.run("forum-b", ServiceCategory.SOCIAL_NETWORK, AT, found::add);

    assertThat(review.tenants()).containsExactly("default", "forum-b");
    assertThat(summary.scanned()).isEqualTo(2);
    assertThat(found)
        .extracting(ReviewFinding::tenant, ReviewFinding::accountId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("forum-b", "us-11"));
  }

  @Test
  void run_australiaRaisesAgeToSeventeen_listsNewlyUnderageAccountsWithRemoval()
      throws IOException {
    InMemoryAccountDirectory accounts = new InMemoryAccountDirectory();
    accounts.put(
        new Account(
            "a-16", "AU", null, null, Scenarios.signals("verified:2010-06-01"), null, false, AT));
    accounts.put(
        new Account(
            "a-30", "AU", null, null, Scenarios.signals("verified:1996-06-01"), null, false, AT));
    accounts.put(account("us-12", "US", LocalDate.of(2014, 6, 1), false));
    accounts.put(account("us-12-consented", "US", LocalDate.of(2014, 6, 1), true));
    accounts.put(account("no-country", null, LocalDate.of(2014, 6, 1), false));

    List<ReviewFinding> before = review(RuleSetLoader.bundled(), accounts);
    RuleSet raised =
        bundledWith(
            "        minimumAge: 16\n        below: deny",
            "        minimumAge: 17\n        below: deny");
    List<ReviewFinding> after = review(raised, accounts);

    assertThat(before)
        .extracting(ReviewFinding::accountId, ReviewFinding::action)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("us-12", "request_parental_consent"));
    assertThat(after)
        .extracting(ReviewFinding::accountId, ReviewFinding::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a-16", "remove_account"),
            org.assertj.core.groups.Tuple.tuple("us-12", "request_parental_consent"));
    assertThat(after.get(0).rules()).containsExactly("AU-SMMA-16");
  }

  @Test
  void run_franceDecreePublished_operatorSetsDate_under15NeedParentalConsent() throws IOException {
    InMemoryAccountDirectory accounts = new InMemoryAccountDirectory();
    accounts.put(account("fr-13", "FR", LocalDate.of(2013, 1, 1), false));
    accounts.put(account("fr-16", "FR", LocalDate.of(2010, 1, 1), false));
    RuleSet enabled =
        bundledWith(
            "        status: enacted_not_in_force\n",
            "        status: in_force\n        effectiveFrom: 2026-09-01\n");

    List<ReviewFinding> findings = review(enabled, accounts);

    // fr-16 has only a self-declared date, and the rule asks for standard assurance.
    assertThat(findings)
        .extracting(ReviewFinding::accountId, ReviewFinding::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("fr-13", "request_parental_consent"),
            org.assertj.core.groups.Tuple.tuple("fr-16", "request_age_assurance"));
    // Under 15, the GDPR consent age (in force) and the 2023 law (now dated) both ask for it.
    assertThat(findings.get(0).rules()).containsExactly("FR-GDPR8-15", "FR-2023-566-15");
  }
}
