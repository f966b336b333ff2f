package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.core.actions.Verdict;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.AccountAction;
import org.vigil.core.intake.DecideJson;
import org.vigil.core.intake.DecideRequest;
import org.vigil.core.intake.InvalidFieldException;
import org.vigil.core.intake.LawfulBasis;
import org.vigil.core.intake.PartyInput;
import org.vigil.core.json.Json;

/**
 * {@code service.lawfulBasis}: the GDPR art. 8 digital-consent ages ({@code basis: consent} in the
 * rule data) bind only a service that relies on consent; minimum-age laws and COPPA bind whatever
 * the basis. A 14-year-old signs up to a social network in France on 23 November 2026.
 */
class LawfulBasisTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final DecideService BUNDLED = service(RuleSetLoader.bundled());

  private static DecideService service(RuleSet rules) {
    MinorProtectionCheck check = new MinorProtectionCheck(rules);
    return new DecideService(
        new InMemoryAccountDirectory(),
        check.jurisdictions(),
        List.of(check),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static DecideRequest signup(String jurisdiction, String birthDate, String service)
      throws Exception {
    return DecideJson.readRequest(
        Json.MAPPER.readTree(
            """
            {"action": "signup", "jurisdiction": "%s", "service": %s,
             "actor": {"birthDate": "%s"}}
            """
                .formatted(jurisdiction, service, birthDate)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          absent, so consent|{"category": "social_network"}
          consent named|{"category": "social_network", "lawfulBasis": "consent"}
          """)
  void decide_franceFourteenRelyingOnConsent_requiresParentalConsentNamingAgeAndLaw(
      String label, String service) throws Exception {
    DecideAnswer answer = BUNDLED.decide(signup("FR", "2012-06-01", service));

    assertThat(answer.verdict()).isEqualTo(Verdict.REQUIRE);
    assertThat(answer.requires()).containsExactly(Requirement.PARENTAL_CONSENT);
    assertThat(answer.reasons())
        .extracting(Reason::code, Reason::rule)
        .containsExactly(tuple("parental_consent_required", "FR-GDPR8-15"));
    Reason reason = answer.reasons().get(0);
    assertThat(reason.detail()).startsWith("under 15 (digital-consent age");
    assertThat(reason.source()).contains("GDPR", "art. 8", "loi n° 78-17");
  }

  @Test
  void decide_franceFourteenUnderContract_noParentalConsentButRuleShownAndDefaultsKept()
      throws Exception {
    DecideAnswer answer =
        BUNDLED.decide(
            signup(
                "FR",
                "2012-06-01",
                "{\"category\": \"social_network\", \"lawfulBasis\": \"contract\"}"));

    assertThat(answer.verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(answer.requires()).isEmpty();
    assertThat(answer.reasons())
        .extracting(Reason::code, Reason::rule)
        .containsExactly(
            tuple("other_lawful_basis", "FR-GDPR8-15"), tuple("no_minimum_age_rule", null));
    assertThat(answer.reasons().get(0).detail())
        .startsWith("under 15")
        .endsWith("not applicable: the service's lawful basis is contract, not consent");
    // France's other protections for minors do not rest on consent and still apply.
    assertThat(answer.protections()).containsExactly(ProtectiveDefault.values());
    JsonNode json = Json.MAPPER.valueToTree(answer);
    assertThat(json.get("reasons").get(0).get("code").asText()).isEqualTo("other_lawful_basis");
  }

  @Test
  void decide_franceUnderLegitimateInterests_adultStrangerStillCannotMessageTheChild()
      throws Exception {
    DecideAnswer answer =
        BUNDLED.decide(
            DecideJson.readRequest(
                Json.MAPPER.readTree(
                    """
                    {"action": "message", "jurisdiction": "FR",
                     "service": {"category": "social_network", "lawfulBasis": "legitimate_interests"},
                     "actor": {"birthDate": "1990-01-01"},
                     "target": {"birthDate": "2012-06-01", "connected": false}}
                    """)));

    assertThat(answer.verdict()).isEqualTo(Verdict.DENY);
    assertThat(answer.reasons())
        .extracting(Reason::code, Reason::rule)
        .containsExactly(tuple("adult_contact_from_non_connection", "EU-DSA-28-GUIDELINES"));
  }

  @Test
  void decide_franceSixteenUnderContract_adultToTheRuleSoNothingSkippedIsShown() throws Exception {
    DecideAnswer answer =
        BUNDLED.decide(
            signup(
                "FR",
                "2010-06-01",
                "{\"category\": \"social_network\", \"lawfulBasis\": \"contract\"}"));

    assertThat(answer.verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(answer.reasons()).extracting(Reason::code).containsExactly("no_minimum_age_rule");
  }

  @ParameterizedTest(name = "{0} {2} -> {3} {5}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # Minimum-age laws do not rest on a GDPR basis: Australia's 16 denies whatever it is.
          AU|2012-06-01|contract|DENY|below_minimum_age|AU-SMMA-16
          AU|2012-06-01|legitimate_interests|DENY|below_minimum_age|AU-SMMA-16
          # COPPA's verifiable parental consent is a statutory precondition, not a lawful basis.
          US|2016-06-01|contract|REQUIRE|parental_consent_required|US-COPPA-13
          US|2016-06-01|public_task|REQUIRE|parental_consent_required|US-COPPA-13
          # The UK GDPR's art. 8 age (13) is a consent rule like the EU's.
          GB|2015-06-01|consent|REQUIRE|parental_consent_required|GB-UKGDPR-13
          GB|2015-06-01|vital_interests|ALLOW|other_lawful_basis|GB-UKGDPR-13
          DE|2012-06-01|legal_obligation|ALLOW|other_lawful_basis|DE-GDPR8-16
          """)
  void decide_basisOtherThanConsent_onlyConsentRulesSkipped(
      String jurisdiction,
      String birthDate,
      String basis,
      Verdict verdict,
      String code,
      String rule)
      throws Exception {
    DecideAnswer answer =
        BUNDLED.decide(
            signup(
                jurisdiction,
                birthDate,
                "{\"category\": \"social_network\", \"lawfulBasis\": \"" + basis + "\"}"));

    assertThat(answer.verdict()).isEqualTo(verdict);
    assertThat(answer.reasons()).extracting(Reason::code, Reason::rule).contains(tuple(code, rule));
    if (verdict != Verdict.REQUIRE) {
      assertThat(answer.requires()).doesNotContain(Requirement.PARENTAL_CONSENT);
    }
  }

  @Test
  void decide_consentAgeAndMinimumAgeInOneJurisdiction_contractSkipsOnlyTheConsentAge() {
    // France's 2026 bill (a ban under 15) as an operator would put it in force once enacted, next
    // to the consent age: the ban still denies under contract.
    RuleSet rules =
        RuleSetLoader.load(
            new ByteArrayInputStream(
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
                jurisdictions:
                  FR:
                    name: France
                    timeZone: America/Martinique
                    rules:
                      - {id: FR-GDPR8-15, basis: consent, minimumAge: 15, below: require_parental_consent,
                         status: in_force, effectiveFrom: 2018-06-21, source: "GDPR art. 8"}
                      - {id: FR-BAN-15, services: [social_network], minimumAge: 15, below: deny,
                         status: in_force, effectiveFrom: 2026-09-01, source: "test ban"}
                """
                    .getBytes(StandardCharsets.UTF_8)),
            "test.yaml");
    DecideService service = service(rules);

    DecideAnswer consent = service.decide(fourteen(true, LawfulBasis.CONSENT));
    DecideAnswer contract = service.decide(fourteen(false, LawfulBasis.CONTRACT));

    // With a parent's consent the consent age is satisfied, but the ban is not.
    assertThat(consent.verdict()).isEqualTo(Verdict.DENY);
    assertThat(consent.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("below_minimum_age", "FR-BAN-15"));
    assertThat(contract.verdict()).isEqualTo(Verdict.DENY);
    assertThat(contract.requires()).isEmpty();
    assertThat(contract.reasons())
        .extracting(Reason::code, Reason::rule)
        .containsExactly(
            tuple("other_lawful_basis", "FR-GDPR8-15"), tuple("below_minimum_age", "FR-BAN-15"));
  }

  /** A 14-year-old signing up to a social network in France, with or without a parent's consent. */
  private static DecideRequest fourteen(boolean parentalConsent, LawfulBasis basis) {
    PartyInput actor =
        new PartyInput(
            null, null, LocalDate.of(2012, 6, 1), null, List.of(), Map.of(), null, parentalConsent);
    return new DecideRequest(
        AccountAction.SIGNUP, "FR", ServiceCategory.SOCIAL_NETWORK, actor, null, null, null, basis);
  }

  @Test
  void readRequest_unknownLawfulBasis_namesFieldAndListsTheSix() {
    assertThatThrownBy(
            () ->
                signup(
                    "FR",
                    "2012-06-01",
                    "{\"category\": \"social_network\", \"lawfulBasis\": \"legitimate_interest\"}"))
        .isInstanceOfSatisfying(
            InvalidFieldException.class,
            e -> {
              assertThat(e.field()).isEqualTo("service.lawfulBasis");
              assertThat(e.getMessage())
                  .contains(
                      "legitimate_interest'",
                      "consent",
                      "contract",
                      "legal_obligation",
                      "vital_interests",
                      "public_task",
                      "legitimate_interests");
            });
  }

  @Test
  void gather_basisNamed_recordedInTheRequestContextOnlyWhenGiven() throws Exception {
    DecideService.Gathered named =
        BUNDLED.gather(
            "default",
            signup(
                "FR",
                "2012-06-01",
                "{\"category\": \"social_network\", \"lawfulBasis\": \"contract\"}"));
    DecideService.Gathered absent =
        BUNDLED.gather("default", signup("FR", "2012-06-01", "{\"category\": \"social_network\"}"));

    assertThat(named.request()).containsEntry("lawfulBasis", "contract");
    assertThat(named.context().lawfulBasis()).isEqualTo(LawfulBasis.CONTRACT);
    assertThat(absent.request()).doesNotContainKey("lawfulBasis");
    assertThat(absent.context().lawfulBasis()).isEqualTo(LawfulBasis.CONSENT);
  }

  @Test
  void bundledRules_consentAgesCarryConsentBasis_coppaNone() {
    RuleSet rules = RuleSetLoader.bundled();
    int consentAges = 0;
    for (String code : rules.codes()) {
      for (MinimumAgeRule rule : rules.find(code).rules()) {
        if (rule.id().contains("GDPR8")) {
          consentAges++;
          assertThat(rule.basis()).as(rule.id()).isEqualTo("consent");
          assertThat(rule.below()).as(rule.id()).isEqualTo(BelowAction.REQUIRE_PARENTAL_CONSENT);
        } else if (rule.id().startsWith("US-COPPA")) {
          assertThat(rule.basis()).as(rule.id()).isNull();
        }
        if (rule.basis() != null) {
          assertThat(rule.notApplicableUnder(LawfulBasis.CONSENT)).as(rule.id()).isNull();
          assertThat(rule.notApplicableUnder(LawfulBasis.CONTRACT)).as(rule.id()).isNotNull();
        } else {
          assertThat(rule.notApplicableUnder(LawfulBasis.CONTRACT)).as(rule.id()).isNull();
        }
      }
    }
    // 27 EU states (Denmark and Slovenia twice), 3 EEA states and the UK.
    assertThat(consentAges).isGreaterThanOrEqualTo(31);
  }
}
