package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bundled rule set, country by country and action by action, including the days either side of
 * a birthday and of a law's start, in the jurisdiction's default zone and in the person's own.
 * Columns: jurisdiction | action | service | actor signals | actor zone | parental consent | target
 * signals | connected | content rating | at | outcome | requires | reason code | rule ({@code -} is
 * empty).
 */
class JurisdictionDecisionTest {

  private static final DecideService SERVICE = Scenarios.service(RuleSetLoader.bundled());

  @ParameterizedTest(name = "[{index}] {0} {1} {3} -> {10} {12}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # Australia: 16 for age-restricted social media from 10 Dec 2025, no parental override.
          AU|signup|social_network|verified:2010-11-23|-|-|-|-|-|2026-11-22T15:59:59Z|deny|-|below_minimum_age|AU-SMMA-16
          AU|signup|social_network|verified:2010-11-23|-|-|-|-|-|2026-11-22T16:00:00Z|allow|-|minimum_age_met|AU-SMMA-16
          AU|signup|social_network|verified:2010-11-23|Australia/Sydney|-|-|-|-|2026-11-22T13:00:00Z|allow|-|minimum_age_met|AU-SMMA-16
          AU|signup|social_network|verified:2010-11-23|-|-|-|-|-|2026-11-22T13:00:00Z|deny|-|below_minimum_age|AU-SMMA-16
          AU|login|social_network|verified:2010-11-24|-|-|-|-|-|-|deny|-|below_minimum_age|AU-SMMA-16
          AU|signup|social_network|self:2000-01-01|-|-|-|-|-|-|require|age_assurance|age_assurance_required|AU-SMMA-16
          AU|signup|social_network|self:2012-01-01|-|true|-|-|-|-|deny|-|below_minimum_age|AU-SMMA-16
          AU|signup|messaging|verified:2012-01-01|-|-|-|-|-|-|allow|-|no_minimum_age_rule|-
          AU|signup|gaming_chat|self:2015-01-01|-|-|-|-|-|-|allow|-|no_minimum_age_rule|-
          AU|signup|video_sharing|estimate:17-19|-|-|-|-|-|-|require|age_assurance|age_assurance_required|AU-SMMA-16
          AU|signup|social_network|estimate:19-21|-|-|-|-|-|-|allow|-|minimum_age_met|AU-SMMA-16
          AU|signup|social_network|none|-|-|-|-|-|-|require|age_assurance|age_assurance_required|AU-SMMA-16
          AU|signup|social_network|verified:2012-01-01|-|-|-|-|-|2025-12-09T15:59:59Z|allow|-|no_minimum_age_rule|-
          AU|signup|social_network|verified:2012-01-01|-|-|-|-|-|2025-12-09T16:00:00Z|deny|-|below_minimum_age|AU-SMMA-16
          AU|signup|forum|os:13-15|-|-|-|-|-|-|deny|-|below_minimum_age|AU-SMMA-16
          AU|signup|social_network|self:2000-01-01;verified:2012-01-01|-|-|-|-|-|-|deny|-|below_minimum_age|AU-SMMA-16
          AU|signup|social_network|self:2012-01-01;verified18+|-|-|-|-|-|-|allow|-|minimum_age_met|AU-SMMA-16
          AU|live_stream|-|self:2012-01-01|-|-|-|-|-|-|require|parental_consent|parental_consent_required|VIGIL-LIVE-18
          # United States: COPPA, parental consent under 13 (Honolulu is UTC-10: 10:00Z is midnight).
          US|signup|social_network|self:2013-11-23|-|-|-|-|-|2026-11-23T10:00:00Z|allow|-|minimum_age_met|US-COPPA-13
          US|signup|social_network|self:2013-11-23|-|-|-|-|-|2026-11-23T09:59:59Z|require|parental_consent|parental_consent_required|US-COPPA-13
          US|signup|social_network|self:2013-11-23|-|true|-|-|-|2026-11-23T09:59:59Z|allow|-|parental_consent_given|US-COPPA-13
          US|signup|social_network|self:2013-11-23|America/New_York|-|-|-|-|2026-11-23T05:00:00Z|allow|-|minimum_age_met|US-COPPA-13
          US|signup|messaging|none|-|-|-|-|-|-|require|age_assurance|age_assurance_required|US-COPPA-13
          US|signup|gaming_chat|estimate:10-12|-|-|-|-|-|-|require|age_assurance|age_assurance_required|US-COPPA-13
          US|view_content|-|self:1990-01-01|-|-|-|-|sensitive|-|allow|-|content_rating_met|VIGIL-RATING-SENSITIVE
          US|view_content|-|self:1990-01-01|-|-|-|-|adult|-|require|age_assurance|age_assurance_required|VIGIL-RATING-ADULT
          US|view_content|-|self:2012-01-01|-|-|-|-|teen|-|allow|-|content_rating_met|VIGIL-RATING-TEEN
          US|view_content|-|self:2014-01-01|-|-|-|-|teen|-|deny|-|content_below_rating_age|VIGIL-RATING-TEEN
          # United Kingdom: UK GDPR consent age 13; highly effective age assurance for harmful content.
          GB|signup|social_network|self:2014-01-01|-|-|-|-|-|-|require|parental_consent|parental_consent_required|GB-UKGDPR-13
          UK|signup|social_network|self:2010-01-01|-|-|-|-|-|-|allow|-|minimum_age_met|GB-UKGDPR-13
          GB|view_content|-|self:1990-01-01|-|-|-|-|adult|-|require|age_assurance|age_assurance_required|GB-OSA-HEAA-PORN
          GB|view_content|-|verified:1990-01-01|-|-|-|-|adult|-|allow|-|content_rating_met|GB-OSA-HEAA-PORN
          GB|view_content|-|self:1990-01-01|-|-|-|-|sensitive|-|require|age_assurance|age_assurance_required|GB-OSA-HEAA-PPC
          GB|view_content|-|estimate:13-15|-|-|-|-|sensitive|-|deny|-|content_below_rating_age|GB-OSA-HEAA-PPC
          GB|message|-|verified:1990-01-01|-|-|self:2012-01-01|false|-|-|deny|-|adult_contact_from_non_connection|GB-OSA-CHILDREN
          # France: digital-consent age 15 (GDPR art. 8); loi 2023-566 awaits its decree and the 2026 bill is not law.
          FR|signup|social_network|self:2013-01-01|-|-|-|-|-|-|require|parental_consent|parental_consent_required|FR-GDPR8-15
          FR|signup|social_network|self:2010-01-01|-|-|-|-|-|-|allow|-|minimum_age_met|FR-GDPR8-15
          FR|message|-|verified:1990-01-01|-|-|self:2012-01-01|false|-|-|deny|-|adult_contact_from_non_connection|EU-DSA-28-GUIDELINES
          # Spain: digital-consent age 14; the organic-law bill raising it to 16 is pending.
          ES|signup|social_network|self:2012-01-01|-|-|-|-|-|-|allow|-|minimum_age_met|ES-GDPR8-14
          ES|signup|social_network|self:2013-01-01|-|-|-|-|-|-|require|parental_consent|parental_consent_required|ES-GDPR8-14
          ES|view_content|-|self:1990-01-01|-|-|-|-|adult|-|require|age_assurance|age_assurance_required|EU-DSA-28-AV-ADULT
          # EU defaults (Germany and the EU itself).
          DE|signup|social_network|self:2012-01-01|-|-|-|-|-|-|require|parental_consent|parental_consent_required|DE-GDPR8-16
          EU|view_content|-|verified18+|-|-|-|-|adult|-|allow|-|content_rating_met|EU-DSA-28-AV-ADULT
          # Protective defaults, per action.
          DE|message|-|verified:1990-01-01|-|-|self:2012-01-01|false|-|-|deny|-|adult_contact_from_non_connection|EU-DSA-28-GUIDELINES
          DE|message|-|verified:1990-01-01|-|-|self:2012-01-01|true|-|-|allow|-|no_restriction|EU-DSA-28-GUIDELINES
          DE|message|-|self:2012-06-01|-|-|self:2012-01-01|false|-|-|allow|-|no_restriction|EU-DSA-28-GUIDELINES
          DE|message|-|none|-|-|self:2012-01-01|false|-|-|deny|-|adult_contact_from_non_connection|EU-DSA-28-GUIDELINES
          DE|message|-|verified:1990-01-01|-|-|self:1995-01-01|false|-|-|allow|-|no_restriction|EU-DSA-28-GUIDELINES
          DE|message|-|verified:1990-01-01|-|-|none|false|-|-|deny|-|adult_contact_from_non_connection|EU-DSA-28-GUIDELINES
          DE|message|-|verified:1990-01-01|-|-|estimate:17-19|false|-|-|deny|-|adult_contact_from_non_connection|EU-DSA-28-GUIDELINES
          DE|message|-|verified:1990-01-01|-|-|estimate:21-25|false|-|-|allow|-|no_restriction|EU-DSA-28-GUIDELINES
          DE|comment|-|verified:1990-01-01|-|-|self:2012-01-01|false|-|-|deny|-|adult_contact_from_non_connection|EU-DSA-28-GUIDELINES
          DE|follow|-|verified:1990-01-01|-|-|self:2012-01-01|false|-|-|require|target_consent|private_account_follow_request|EU-DSA-28-GUIDELINES
          DE|follow|-|verified:1990-01-01|-|-|self:2012-01-01|true|-|-|allow|-|no_restriction|EU-DSA-28-GUIDELINES
          DE|tag|-|verified:1990-01-01|-|-|self:2012-01-01|false|-|-|deny|-|adult_contact_from_non_connection|EU-DSA-28-GUIDELINES
          DE|tag|-|self:2012-06-01|-|-|self:2012-01-01|false|-|-|require|target_consent|target_consent_required|EU-DSA-28-GUIDELINES
          DE|tag|-|verified:1990-01-01|-|-|self:2012-01-01|true|-|-|require|target_consent|target_consent_required|EU-DSA-28-GUIDELINES
          DE|group_invite|-|verified:1990-01-01|-|-|self:2012-01-01|false|-|-|deny|-|adult_contact_from_non_connection|EU-DSA-28-GUIDELINES
          DE|group_invite|-|verified:1990-01-01|-|-|self:1990-01-01|false|-|-|allow|-|no_restriction|EU-DSA-28-GUIDELINES
          DE|recommend|-|verified:1990-01-01|-|-|self:2012-01-01|false|-|-|deny|-|minor_not_discoverable_by_unknown_adult|EU-DSA-28-GUIDELINES
          DE|recommend|-|verified:1990-01-01|-|-|self:2012-01-01|true|-|-|allow|-|no_restriction|EU-DSA-28-GUIDELINES
          DE|recommend|-|self:2012-01-01|-|-|self:1990-01-01|false|sensitive|-|deny|-|content_below_rating_age|VIGIL-RATING-SENSITIVE
          DE|search_visibility|-|verified:1990-01-01|-|-|self:2012-01-01|false|-|-|deny|-|minor_not_discoverable_by_unknown_adult|EU-DSA-28-GUIDELINES
          DE|search_visibility|-|self:2012-06-01|-|-|self:2012-01-01|false|-|-|allow|-|no_restriction|EU-DSA-28-GUIDELINES
          DE|view_content|-|verified:1990-01-01|-|-|self:2012-01-01|false|general|-|deny|-|minor_content_private|EU-DSA-28-GUIDELINES
          DE|live_stream|-|verified:1990-01-01|-|-|-|-|-|-|allow|-|minimum_age_met|VIGIL-LIVE-18
          """)
  void decide_tableCase_matchesExpectedOutcomeAndReason(
      String jurisdiction,
      String action,
      String service,
      String actor,
      String actorZone,
      Boolean consent,
      String target,
      Boolean connected,
      String rating,
      String at,
      String outcome,
      String requires,
      String code,
      String rule) {
    DecideAnswer decision =
        SERVICE.decide(
            Scenarios.request(
                jurisdiction,
                action,
                service,
                actor,
                actorZone,
                consent,
                target,
                connected,
                rating,
                at));

    assertThat(decision.verdict().wireName()).isEqualTo(outcome);
    List<String> expectedRequires = new ArrayList<>();
    if (requires != null) {
      expectedRequires.addAll(List.of(requires.split(";")));
    }
    assertThat(decision.requires()).extracting(Requirement::wireName).isEqualTo(expectedRequires);
    assertThat(decision.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(org.assertj.core.groups.Tuple.tuple(code, rule));
    assertThat(decision.dataVersion()).isEqualTo("minors@" + RuleSetLoader.bundled().version());
  }
}
