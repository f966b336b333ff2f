package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigil.core.intake.ContentRating;

/**
 * The bundled law, one block per jurisdiction group: for each, at least one allow, one require or
 * deny, and the two sides of a boundary (a law's first day, an injunction's end, a birthday) in the
 * jurisdiction's own default zone. Columns: jurisdiction | action | service | actor signals |
 * parental consent | content rating | at | outcome | requires | reason code | rule. An enjoined law
 * is checked to be shown ({@code law_enjoined}) while the outcome stays what the other rules say.
 */
class LawByJurisdictionTest {

  private static final RuleSet RULES = RuleSetLoader.bundled();
  private static final DecideService SERVICE = Scenarios.service(RULES);

  @ParameterizedTest(name = "[{index}] {0} {1} {3} at {6} -> {7} {9}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # EU: Germany keeps the GDPR's 16; the day changes at 23:00Z in Berlin in November.
          DE|signup|social_network|verified:2010-11-23|-|-|2026-11-22T22:59:59Z|require|parental_consent|parental_consent_required|DE-GDPR8-16
          DE|signup|social_network|verified:2010-11-23|-|-|2026-11-22T23:00:00Z|allow|-|minimum_age_met|DE-GDPR8-16
          DE|signup|messaging|self:2012-01-01|true|-|-|allow|-|parental_consent_given|DE-GDPR8-16
          IT|signup|gaming_chat|self:2012-06-01|-|-|-|allow|-|minimum_age_met|IT-GDPR8-14
          IT|login|gaming_chat|self:2013-06-01|-|-|-|require|parental_consent|parental_consent_required|IT-GDPR8-14
          IE|signup|forum|self:2011-06-01|-|-|-|require|parental_consent|parental_consent_required|IE-GDPR8-16
          # Slovenia: the GDPR default of 16 until ZVOP-2 lowered it to 15 on 26 January 2023.
          SI|signup|social_network|verified:2007-06-01|-|-|2023-01-25T22:59:59Z|require|parental_consent|parental_consent_required|SI-GDPR8-16
          SI|signup|social_network|verified:2007-06-01|-|-|2023-01-25T23:00:00Z|allow|-|minimum_age_met|SI-GDPR8-15
          # France counts birthdays in Martinique's zone (UTC-4), its westernmost under EU law.
          FR|signup|social_network|verified:2011-11-23|-|-|2026-11-23T03:59:59Z|require|parental_consent|parental_consent_required|FR-GDPR8-15
          FR|signup|social_network|verified:2011-11-23|-|-|2026-11-23T04:00:00Z|allow|-|minimum_age_met|FR-GDPR8-15
          # EEA outside the EU: GDPR ages, Vigil's own protective defaults.
          NO|signup|social_network|self:2012-06-01|-|-|-|allow|-|minimum_age_met|NO-GDPR8-13
          NO|signup|social_network|self:2014-06-01|-|-|-|require|parental_consent|parental_consent_required|NO-GDPR8-13
          LI|signup|social_network|self:2011-06-01|-|-|-|require|parental_consent|parental_consent_required|LI-GDPR8-16
          IS|view_content|-|self:1990-01-01|-|adult|-|require|age_assurance|age_assurance_required|VIGIL-RATING-ADULT
          # Denmark raised its consent age from 13 to 15 on 1 January 2024 (Copenhagen, UTC+1); the
          # announced social-media minimum of 15 is not law and never applies.
          DK|signup|social_network|self:2009-06-01|-|-|2023-12-31T22:59:59Z|allow|-|minimum_age_met|DK-GDPR8-13
          DK|signup|social_network|self:2009-06-01|-|-|2023-12-31T23:00:00Z|require|parental_consent|parental_consent_required|DK-GDPR8-15
          DK|signup|social_network|self:2011-06-01|-|-|-|allow|-|minimum_age_met|DK-GDPR8-15
          # United Kingdom: consent age 13; s 81 pornography duty from 17 Jan 2025, s 12 from 25 Jul 2025.
          GB|signup|social_network|verified:2013-11-23|-|-|2026-11-22T23:59:59Z|require|parental_consent|parental_consent_required|GB-UKGDPR-13
          GB|signup|social_network|verified:2013-11-23|-|-|2026-11-23T00:00:00Z|allow|-|minimum_age_met|GB-UKGDPR-13
          GB|view_content|-|verified:1990-01-01|-|adult|2025-01-16T23:59:59Z|allow|-|content_rating_met|VIGIL-RATING-ADULT
          GB|view_content|-|verified:1990-01-01|-|adult|2025-01-17T00:00:00Z|allow|-|content_rating_met|GB-OSA-81-PORN
          GB|view_content|-|self:2010-01-01|-|adult|2025-03-01T00:00:00Z|deny|-|content_below_rating_age|GB-OSA-81-PORN
          GB|view_content|-|verified:1990-01-01|-|adult|2025-07-24T22:59:59Z|allow|-|content_rating_met|GB-OSA-81-PORN
          GB|view_content|-|verified:1990-01-01|-|adult|2025-07-24T23:00:00Z|allow|-|content_rating_met|GB-OSA-HEAA-PORN
          GB|view_content|-|self:1990-01-01|-|sensitive|2025-07-24T22:59:59Z|allow|-|content_rating_met|VIGIL-RATING-SENSITIVE
          GB|view_content|-|self:1990-01-01|-|sensitive|2025-07-24T23:00:00Z|require|age_assurance|age_assurance_required|GB-OSA-HEAA-PPC
          # US federal: COPPA; the amended rule's compliance date, 22 April 2026 (Honolulu, UTC-10).
          US|signup|social_network|self:2016-01-01|-|-|2026-04-22T09:59:59Z|require|parental_consent|parental_consent_required|US-COPPA-13-PRE2026
          US|signup|social_network|self:2016-01-01|-|-|2026-04-22T10:00:00Z|require|parental_consent|parental_consent_required|US-COPPA-13
          US|signup|social_network|self:2016-01-01|true|-|2026-04-22T10:00:00Z|allow|-|parental_consent_given|US-COPPA-13
          US|signup|social_network|self:2010-01-01|-|-|-|allow|-|minimum_age_met|US-COPPA-13
          # Florida HB 3: under 14 no account, 14-15 with a parent's consent; enjoined 3 Jun - 24 Nov 2025.
          US-FL|signup|social_network|self:2011-06-01|-|-|2025-01-01T05:59:59Z|allow|-|minimum_age_met|US-COPPA-13-PRE2026
          US-FL|signup|social_network|self:2011-06-01|-|-|2025-01-01T06:00:00Z|deny|-|below_minimum_age|US-FL-HB3-14
          US-FL|signup|social_network|self:2011-06-01|true|-|2025-03-01T12:00:00Z|deny|-|below_minimum_age|US-FL-HB3-14
          US-FL|signup|social_network|self:2011-06-01|-|-|2025-08-01T12:00:00Z|allow|-|law_enjoined|US-FL-HB3-16
          US-FL|signup|social_network|self:2011-06-01|-|-|2025-11-25T05:59:59Z|allow|-|law_enjoined|US-FL-HB3-16
          US-FL|signup|social_network|self:2012-01-01|-|-|2025-08-01T12:00:00Z|allow|-|law_enjoined|US-FL-HB3-14
          US-FL|signup|social_network|self:2011-06-01|-|-|2025-11-25T06:00:00Z|require|parental_consent|parental_consent_required|US-FL-HB3-16
          US-FL|signup|social_network|self:2011-06-01|true|-|2025-12-01T12:00:00Z|allow|-|parental_consent_given|US-FL-HB3-16
          US-FL|signup|gaming_chat|self:2012-06-01|-|-|-|allow|-|minimum_age_met|US-COPPA-13
          US-FL|view_content|-|self:2010-01-01|-|adult|-|deny|-|content_below_rating_age|US-FL-HB3-AV
          # Tennessee: age verification and a parent's consent under 18, from 1 Jan 2025 (Chicago).
          US-TN|signup|social_network|self:2009-01-01|-|-|2025-01-01T05:59:59Z|allow|-|minimum_age_met|US-COPPA-13-PRE2026
          US-TN|signup|social_network|self:2009-01-01|-|-|2025-01-01T06:00:00Z|require|parental_consent|parental_consent_required|US-TN-HB1891-18
          US-TN|signup|social_network|self:1990-01-01|-|-|-|require|age_assurance|age_assurance_required|US-TN-HB1891-18
          US-TN|signup|social_network|verified:1990-01-01|-|-|-|allow|-|minimum_age_met|US-TN-HB1891-18
          US-TN|view_content|-|verified:1990-01-01|-|adult|-|allow|-|content_rating_met|US-TN-PTMA-AV
          # Mississippi HB 1126: enforceable again from 17 Apr 2025 (Chicago, UTC-5 in April).
          US-MS|signup|forum|self:2010-01-01|-|-|2025-04-17T04:59:59Z|allow|-|law_enjoined|US-MS-HB1126-18
          US-MS|signup|forum|self:2010-01-01|-|-|2025-04-17T05:00:00Z|require|parental_consent|parental_consent_required|US-MS-HB1126-18
          US-MS|signup|forum|self:2010-01-01|-|-|2025-07-01T12:00:00Z|allow|-|law_enjoined|US-MS-HB1126-18
          US-MS|signup|forum|verified:1990-01-01|-|-|-|allow|-|minimum_age_met|US-MS-HB1126-18
          US-MS|view_content|-|self:2012-01-01|-|adult|-|deny|-|content_below_rating_age|US-MS-SB2346-AV
          # Utah: SB 194 enjoined before its start (shown, never applied); SB 287 from 3 May 2023 (Denver).
          US-UT|signup|social_network|self:2010-01-01|-|-|2024-10-01T05:59:59Z|allow|-|minimum_age_met|US-COPPA-13-PRE2026
          US-UT|signup|social_network|self:2010-01-01|-|-|2024-10-01T06:00:00Z|allow|-|law_enjoined|US-UT-SB194-18
          US-UT|view_content|-|verified:1990-01-01|-|adult|2023-05-03T05:59:59Z|allow|-|content_rating_met|VIGIL-RATING-ADULT
          US-UT|view_content|-|verified:1990-01-01|-|adult|2023-05-03T06:00:00Z|allow|-|content_rating_met|US-UT-SB287-AV
          US-UT|view_content|-|verified:2010-01-01|-|adult|-|deny|-|content_below_rating_age|US-UT-SB287-AV
          # Texas: HB 1181 from 1 Sep 2023 (El Paso, UTC-6), upheld June 2025; SCOPE Act duties named.
          US-TX|view_content|-|self:1990-01-01|-|adult|2023-09-01T05:59:59Z|require|age_assurance|age_assurance_required|VIGIL-RATING-ADULT
          US-TX|view_content|-|self:1990-01-01|-|adult|2023-09-01T06:00:00Z|require|age_assurance|age_assurance_required|US-TX-HB1181-AV
          US-TX|view_content|-|verified:1990-01-01|-|adult|-|allow|-|content_rating_met|US-TX-HB1181-AV
          US-TX|view_content|-|self:2010-01-01|-|adult|-|deny|-|content_below_rating_age|US-TX-HB1181-AV
          US-TX|signup|social_network|self:2011-01-01|-|-|-|allow|-|minor_obligation|US-TX-HB18-18
          US-TX|signup|social_network|self:2011-01-01|-|-|-|allow|-|law_enjoined|US-TX-HB18-FILTER
          # Targeted ads and age verification enjoined from 7 Feb 2025 (SEAT v. Paxton; MST, UTC-7).
          US-TX|signup|social_network|self:2011-01-01|-|-|2025-02-07T06:59:59Z|allow|-|minor_obligation|US-TX-HB18-ADS-AV
          US-TX|signup|social_network|self:2011-01-01|-|-|2025-02-07T07:00:00Z|allow|-|law_enjoined|US-TX-HB18-ADS-AV
          US-TX|signup|social_network|self:2011-01-01|-|-|2024-09-01T05:59:59Z|allow|-|minimum_age_met|US-COPPA-13-PRE2026
          # Louisiana: Act 456 enjoined (shown); Act 440 age verification from 1 Jan 2023 (Chicago).
          US-LA|signup|social_network|self:2011-01-01|-|-|-|allow|-|law_enjoined|US-LA-SB162-16
          US-LA|view_content|-|verified:1990-01-01|-|adult|2023-01-01T05:59:59Z|allow|-|content_rating_met|VIGIL-RATING-ADULT
          US-LA|view_content|-|verified:1990-01-01|-|adult|2023-01-01T06:00:00Z|allow|-|content_rating_met|US-LA-ACT440-AV
          US-LA|view_content|-|self:2011-01-01|-|adult|-|deny|-|content_below_rating_age|US-LA-ACT440-AV
          # Georgia: SB 351's account rules enjoined; its age verification from 1 Jul 2025 (New York).
          US-GA|signup|social_network|self:2011-01-01|-|-|-|allow|-|law_enjoined|US-GA-SB351-16
          US-GA|view_content|-|verified:1990-01-01|-|adult|2025-07-01T03:59:59Z|allow|-|content_rating_met|VIGIL-RATING-ADULT
          US-GA|view_content|-|verified:1990-01-01|-|adult|2025-07-01T04:00:00Z|allow|-|content_rating_met|US-GA-SB351-AV
          US-GA|view_content|-|self:2011-01-01|-|adult|-|deny|-|content_below_rating_age|US-GA-SB351-AV
          # Virginia: SB 854's daily hour from 1 Jan 2026 (New York, UTC-5), shown as an obligation.
          US-VA|signup|social_network|self:2011-01-01|-|-|2026-01-01T04:59:59Z|allow|-|minimum_age_met|US-COPPA-13-PRE2026
          US-VA|signup|social_network|self:2011-01-01|-|-|2026-01-01T05:00:00Z|allow|-|minor_obligation|US-VA-SB854-16
          # Enjoined from 27 Feb 2026 (NetChoice v. Miyares): shown, never applied.
          US-VA|signup|social_network|self:2011-01-01|-|-|2026-02-27T04:59:59Z|allow|-|minor_obligation|US-VA-SB854-16
          US-VA|signup|social_network|self:2011-01-01|-|-|2026-02-27T05:00:00Z|allow|-|law_enjoined|US-VA-SB854-16
          US-VA|signup|social_network|self:2000-01-01|-|-|2026-02-26T12:00:00Z|allow|-|minimum_age_met|US-VA-SB854-16
          US-VA|signup|social_network|self:2000-01-01|-|-|-|allow|-|minimum_age_met|US-COPPA-13
          US-VA|view_content|-|self:2011-01-01|-|adult|-|deny|-|content_below_rating_age|US-VA-SB1515-AV
          # Nebraska: LB 383 from 1 Jan 2026 (western Nebraska, Denver: UTC-7).
          # Operative 1 July 2026 (MDT, UTC-6), not 1 January as first recorded; verification and consent
          # enjoined from 27 June 2026 (D. Neb.), the parental tools left in force.
          US-NE|signup|social_network|self:2010-01-01|-|-|2026-01-01T07:00:00Z|allow|-|minimum_age_met|US-COPPA-13-PRE2026
          US-NE|signup|social_network|self:2010-01-01|-|-|2026-07-01T05:59:59Z|allow|-|minimum_age_met|US-COPPA-13
          US-NE|signup|social_network|self:2010-01-01|-|-|2026-07-01T06:00:00Z|allow|-|law_enjoined|US-NE-LB383-18
          US-NE|signup|social_network|self:2010-01-01|-|-|2026-07-01T06:00:00Z|allow|-|minor_obligation|US-NE-LB383-TOOLS
          US-NE|signup|social_network|verified:1990-01-01|-|-|-|allow|-|minimum_age_met|US-NE-LB383-TOOLS
          US-NE|view_content|-|self:2011-01-01|-|adult|-|deny|-|content_below_rating_age|US-NE-LB1092-AV
          # California: the Age-Appropriate Design Code is enjoined (shown from 1 Jul 2024); COPPA applies.
          US-CA|signup|social_network|self:2010-01-01|-|-|2024-07-01T06:59:59Z|allow|-|minimum_age_met|US-COPPA-13-PRE2026
          US-CA|signup|social_network|self:2010-01-01|-|-|2024-07-01T07:00:00Z|allow|-|law_enjoined|US-CA-AB2273-18
          # The Ninth Circuit lifted the injunction on age estimation and defaults on 12 Mar 2026 (PDT).
          US-CA|signup|social_network|self:2010-01-01|-|-|2026-03-12T06:59:59Z|allow|-|law_enjoined|US-CA-AB2273-18
          US-CA|signup|social_network|self:2010-01-01|-|-|2026-03-12T07:00:00Z|allow|-|minor_obligation|US-CA-AB2273-18
          US-CA|signup|social_network|self:2010-01-01|-|-|-|allow|-|law_enjoined|US-CA-AB2273-DPIA
          US-CA|signup|social_network|self:2016-01-01|-|-|-|require|parental_consent|parental_consent_required|US-COPPA-13
          # Ohio: s. 1349.09 (parental consent under 16) from 15 Jan 2024 (New York, UTC-5), enjoined
          # since before its start; the Sixth Circuit's reversal of 18 Jun 2026 awaits its mandate.
          US-OH|signup|social_network|self:2010-01-01|-|-|2024-01-15T04:59:59Z|allow|-|minimum_age_met|US-COPPA-13-PRE2026
          US-OH|signup|social_network|self:2010-01-01|-|-|2024-01-15T05:00:00Z|allow|-|law_enjoined|US-OH-1349.09-16
          US-OH|signup|gaming_chat|self:2012-01-01|-|-|2026-06-19T12:00:00Z|allow|-|law_enjoined|US-OH-1349.09-16
          US-OH|signup|social_network|self:2016-01-01|-|-|-|require|parental_consent|parental_consent_required|US-COPPA-13
          # H.B. 96 pornography age verification from 30 Sep 2025 (EDT, UTC-4).
          US-OH|view_content|-|verified:1990-01-01|-|adult|2025-09-30T03:59:59Z|allow|-|content_rating_met|VIGIL-RATING-ADULT
          US-OH|view_content|-|verified:1990-01-01|-|adult|2025-09-30T04:00:00Z|allow|-|content_rating_met|US-OH-HB96-AV
          US-OH|view_content|-|self:2011-01-01|-|adult|-|deny|-|content_below_rating_age|US-OH-HB96-AV
          # Arkansas: Act 689 (parental consent under 18) enjoined before its 1 Sep 2023 start (CDT,
          # UTC-5) and permanently on 31 Mar 2025: shown, never applied; COPPA still requires consent.
          US-AR|signup|social_network|self:2010-01-01|-|-|2023-09-01T04:59:59Z|allow|-|minimum_age_met|US-COPPA-13-PRE2026
          US-AR|signup|social_network|self:2010-01-01|-|-|2023-09-01T05:00:00Z|allow|-|law_enjoined|US-AR-ACT689-18
          US-AR|signup|social_network|self:2010-01-01|-|-|2025-04-01T12:00:00Z|allow|-|law_enjoined|US-AR-ACT689-18
          US-AR|signup|social_network|self:2016-01-01|-|-|-|require|parental_consent|parental_consent_required|US-COPPA-13
          US-AR|view_content|-|self:2010-01-01|-|adult|-|deny|-|content_below_rating_age|US-AR-SB66-AV
          US-AR|view_content|-|verified:1990-01-01|-|adult|2023-07-31T04:59:59Z|allow|-|content_rating_met|VIGIL-RATING-ADULT
          US-AR|view_content|-|verified:1990-01-01|-|adult|2023-07-31T05:00:00Z|allow|-|content_rating_met|US-AR-SB66-AV
          # Brazil: ECA Digital from 17 Mar 2026 (Acre, UTC-5); self-declaration is not enough.
          BR|signup|social_network|self:2011-01-01|-|-|2026-03-17T04:59:59Z|allow|-|no_minimum_age_rule|-
          BR|signup|social_network|self:2011-01-01|-|-|2026-03-17T05:00:00Z|require|parental_consent|parental_consent_required|BR-ECA-DIGITAL-16
          BR|signup|social_network|self:2011-01-01|true|-|-|allow|-|parental_consent_given|BR-ECA-DIGITAL-16
          BR|signup|social_network|self:1990-01-01|-|-|-|require|age_assurance|age_assurance_required|BR-ECA-DIGITAL-16
          BR|signup|social_network|verified:1990-01-01|-|-|-|allow|-|minimum_age_met|BR-ECA-DIGITAL-16
          BR|signup|messaging|self:2011-01-01|-|-|-|allow|-|no_minimum_age_rule|-
          # Malaysia: licensed social media from 16 from 1 Jun 2026 (UTC+8), verified age, no override.
          MY|signup|social_network|verified:2011-01-01|-|-|2026-05-31T15:59:59Z|allow|-|no_minimum_age_rule|-
          MY|signup|social_network|verified:2011-01-01|-|-|2026-05-31T16:00:00Z|deny|-|below_minimum_age|MY-ONSA-CPC-16
          MY|signup|video_sharing|verified:2011-01-01|true|-|-|deny|-|below_minimum_age|MY-ONSA-CPC-16
          MY|signup|social_network|self:1990-01-01|-|-|-|require|age_assurance|age_assurance_required|MY-ONSA-CPC-16
          MY|signup|social_network|verified:1990-01-01|-|-|-|allow|-|minimum_age_met|MY-ONSA-CPC-16
          MY|signup|gaming_chat|self:2014-01-01|-|-|-|allow|-|no_minimum_age_rule|-
          """)
  void decide_lawOfJurisdiction_matchesExpectedOutcomeAndReason(
      String jurisdiction,
      String action,
      String service,
      String actor,
      Boolean consent,
      String rating,
      String at,
      String outcome,
      String requires,
      String code,
      String rule) {
    DecideAnswer decision =
        SERVICE.decide(
            Scenarios.request(
                jurisdiction, action, service, actor, null, consent, null, null, rating, at));

    assertThat(decision.verdict().wireName()).isEqualTo(outcome);
    assertThat(decision.requires())
        .extracting(Requirement::wireName)
        .isEqualTo(requires == null ? List.of() : List.of(requires.split(";")));
    assertThat(decision.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple(code, rule));
  }

  /**
   * The states whose only law here is age verification for pornography: the second before the law's
   * first day in the state's westernmost zone a verified adult is let in on Vigil's default rating,
   * from that day under the state's law; a self-declared adult must verify, a self-declared
   * 15-year-old is refused. Columns: jurisdiction | zone | first day | rule.
   */
  @ParameterizedTest(name = "{0} from {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          US-AL|America/Chicago|2024-10-01|US-AL-HB164-AV
          US-AZ|America/Phoenix|2025-09-26|US-AZ-HB2112-AV
          US-ID|America/Los_Angeles|2024-07-01|US-ID-H498-AV
          US-IN|America/Chicago|2024-08-16|US-IN-SB17-AV
          US-KS|America/Denver|2024-07-01|US-KS-SB394-AV
          US-KY|America/Chicago|2024-07-15|US-KY-HB278-AV
          US-MO|America/Chicago|2025-11-30|US-MO-15CSR60-18-AV
          US-MT|America/Denver|2024-01-01|US-MT-SB544-AV
          US-NC|America/New_York|2024-01-01|US-NC-HB8-AV
          US-ND|America/Denver|2025-08-01|US-ND-HB1561-AV
          US-OK|America/Chicago|2024-11-01|US-OK-SB1959-AV
          US-SC|America/New_York|2025-01-01|US-SC-H3424-AV
          US-SD|America/Denver|2025-07-01|US-SD-AV-2025
          US-WY|America/Denver|2025-07-01|US-WY-HB43-AV
          """)
  void decide_statePornographyAgeVerification_fromItsFirstDay(
      String jurisdiction, String zone, String firstDay, String rule) {
    // The table repeats the bundled data, so a changed date or zone fails here, not silently.
    Jurisdiction state = RULES.find(jurisdiction);
    assertThat(state.zone()).isEqualTo(ZoneId.of(zone));
    ContentRule law = state.contentRule(ContentRating.ADULT);
    assertThat(law.id()).isEqualTo(rule);
    assertThat(law.status()).isEqualTo(RuleStatus.IN_FORCE);
    assertThat(law.effectiveFrom()).isEqualTo(LocalDate.parse(firstDay));
    Instant start = LocalDate.parse(firstDay).atStartOfDay(ZoneId.of(zone)).toInstant();
    Instant after = start.plusSeconds(86_400);

    DecideAnswer before = adultContent(jurisdiction, "verified:1990-01-01", start.minusSeconds(1));
    DecideAnswer on = adultContent(jurisdiction, "verified:1990-01-01", start);
    DecideAnswer selfDeclaredAdult = adultContent(jurisdiction, "self:1990-01-01", after);
    DecideAnswer minor = adultContent(jurisdiction, "self:2010-01-01", after);

    assertThat(before.verdict().wireName()).isEqualTo("allow");
    assertThat(before.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("content_rating_met", "VIGIL-RATING-ADULT"));
    assertThat(on.verdict().wireName()).isEqualTo("allow");
    assertThat(on.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("content_rating_met", rule));
    assertThat(selfDeclaredAdult.verdict().wireName()).isEqualTo("require");
    assertThat(selfDeclaredAdult.requires()).containsExactly(Requirement.AGE_ASSURANCE);
    assertThat(selfDeclaredAdult.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("age_assurance_required", rule));
    assertThat(minor.verdict().wireName()).isEqualTo("deny");
    assertThat(minor.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("content_below_rating_age", rule));
  }

  /**
   * Arkansas's Act 900 rewrote the Social Media Safety Act from its first day (read from the
   * bundled rule, counted in the state's zone): until the day before, Act 689's under-18 text is
   * shown as enjoined; from that day Act 900's under-16 duties are shown instead and Act 689's text
   * no longer is. Neither is ever applied: a 14-year-old without a parent's consent is allowed,
   * while COPPA still requires one for an 11-year-old.
   */
  @Test
  void decide_arkansasAct900_replacesAct689OnItsFirstDay_shownNeverApplied() {
    Jurisdiction arkansas = RULES.find("US-AR");
    MinimumAgeRule act689 = arkansas.rule("US-AR-ACT689-18");
    MinimumAgeRule act900 = arkansas.rule("US-AR-ACT900-16");
    LocalDate firstDay = act900.effectiveFrom();
    assertThat(act689.effectiveUntil()).isEqualTo(firstDay);
    assertThat(act900.status()).isEqualTo(RuleStatus.ENJOINED);
    assertThat(act900.below()).isEqualTo(BelowAction.INFORM);
    Instant start = firstDay.atStartOfDay(arkansas.zone()).toInstant();
    String fourteen = "self:" + firstDay.minusYears(act900.minimumAge() - 2);
    String olderTeen = "self:" + firstDay.minusYears(17);
    String eleven = "self:" + firstDay.minusYears(11);

    DecideAnswer before = socialSignup("US-AR", fourteen, start.minusSeconds(1));
    DecideAnswer on = socialSignup("US-AR", fourteen, start);
    DecideAnswer sixteenBefore = socialSignup("US-AR", olderTeen, start.minusSeconds(1));
    DecideAnswer seventeenOn = socialSignup("US-AR", olderTeen, start);
    DecideAnswer child = socialSignup("US-AR", eleven, start);

    assertThat(before.verdict().wireName()).isEqualTo("allow");
    assertThat(before.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("law_enjoined", act689.id()))
        .doesNotContain(tuple("law_enjoined", act900.id()));
    assertThat(on.verdict().wireName()).isEqualTo("allow");
    assertThat(on.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("law_enjoined", act900.id()))
        .doesNotContain(tuple("law_enjoined", act689.id()));
    assertThat(on.reasons())
        .filteredOn(reason -> act900.id().equals(reason.rule()))
        .allSatisfy(reason -> assertThat(reason.detail()).startsWith("under 16: age verification"));
    assertThat(sixteenBefore.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("law_enjoined", act689.id()));
    assertThat(seventeenOn.verdict().wireName()).isEqualTo("allow");
    assertThat(seventeenOn.reasons())
        .extracting(Reason::rule)
        .doesNotContain(act689.id(), act900.id());
    assertThat(child.verdict().wireName()).isEqualTo("require");
    assertThat(child.requires()).containsExactly(Requirement.PARENTAL_CONSENT);
    assertThat(child.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("law_enjoined", act900.id()));
    assertThat(child.reasons())
        .filteredOn(reason -> reason.code().equals("parental_consent_required"))
        .extracting(Reason::rule)
        .singleElement()
        .asString()
        .startsWith("US-COPPA-13");
  }

  /**
   * Arkansas's Act 952 (children's and teens' privacy) from its first day, read from the bundled
   * rules and counted in the state's zone, on a messaging service (no social-media law covers it):
   * an 11-year-old needs a parent's consent under COPPA before and under COPPA and Act 952 from
   * that day; a 15-year-old is allowed on both sides, with the teen duties named only from that
   * day; a 17-year-old is past the Act's teens; with a parent's consent the child is allowed.
   */
  @Test
  void decide_arkansasAct952_childConsentAndTeenDutiesFromItsFirstDay() {
    Jurisdiction arkansas = RULES.find("US-AR");
    MinimumAgeRule child = arkansas.rule("US-AR-ACT952-13");
    MinimumAgeRule teen = arkansas.rule("US-AR-ACT952-17");
    LocalDate firstDay = child.effectiveFrom();
    assertThat(teen.effectiveFrom()).isEqualTo(firstDay);
    assertThat(child.status()).isEqualTo(RuleStatus.IN_FORCE);
    assertThat(child.below()).isEqualTo(BelowAction.REQUIRE_PARENTAL_CONSENT);
    assertThat(teen.below()).isEqualTo(BelowAction.INFORM);
    Instant start = firstDay.atStartOfDay(arkansas.zone()).toInstant();
    Instant before = start.minusSeconds(1);
    String eleven = "self:" + firstDay.minusYears(11);
    String fifteen = "self:" + firstDay.minusYears(15);
    String seventeen = "self:" + firstDay.minusYears(teen.minimumAge());

    DecideAnswer childBefore = signup("US-AR", "messaging", eleven, null, before);
    DecideAnswer childOn = signup("US-AR", "messaging", eleven, null, start);
    DecideAnswer childWithConsent = signup("US-AR", "messaging", eleven, true, start);
    DecideAnswer teenBefore = signup("US-AR", "messaging", fifteen, null, before);
    DecideAnswer teenOn = signup("US-AR", "messaging", fifteen, null, start);
    DecideAnswer olderOn = signup("US-AR", "messaging", seventeen, null, start);

    assertThat(childBefore.verdict().wireName()).isEqualTo("require");
    assertThat(childBefore.reasons())
        .extracting(Reason::rule)
        .doesNotContain(child.id(), teen.id());
    assertThat(childOn.verdict().wireName()).isEqualTo("require");
    assertThat(childOn.requires()).containsExactly(Requirement.PARENTAL_CONSENT);
    assertThat(childOn.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(
            tuple("parental_consent_required", child.id()),
            tuple("parental_consent_required", "US-COPPA-13"));
    assertThat(childWithConsent.verdict().wireName()).isEqualTo("allow");
    assertThat(childWithConsent.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("parental_consent_given", child.id()));
    assertThat(teenBefore.verdict().wireName()).isEqualTo("allow");
    assertThat(teenBefore.reasons()).extracting(Reason::rule).doesNotContain(teen.id());
    assertThat(teenOn.verdict().wireName()).isEqualTo("allow");
    assertThat(teenOn.requires()).isEmpty();
    assertThat(teenOn.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("minor_obligation", teen.id()))
        .doesNotContain(tuple("parental_consent_required", child.id()));
    assertThat(olderOn.verdict().wireName()).isEqualTo("allow");
    assertThat(olderOn.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("minimum_age_met", teen.id()))
        .doesNotContain(tuple("minor_obligation", teen.id()));
  }

  /**
   * Nebraska's design code (LB 504) from its operative day, read from the bundled rules and counted
   * in the state's zone, on a forum (LB 383 covers only social networks and video sharing): a
   * 15-year-old is allowed on both sides, with the duties toward known minors named only from that
   * day; an 11-year-old still needs COPPA's consent and is also shown the under-13 duties; an adult
   * meets the age.
   */
  @Test
  void decide_nebraskaDesignCode_namesDutiesFromItsOperativeDay() {
    Jurisdiction nebraska = RULES.find("US-NE");
    MinimumAgeRule minors = nebraska.rule("US-NE-LB504-18");
    MinimumAgeRule children = nebraska.rule("US-NE-LB504-13");
    LocalDate firstDay = minors.effectiveFrom();
    assertThat(children.effectiveFrom()).isEqualTo(firstDay);
    assertThat(minors.status()).isEqualTo(RuleStatus.IN_FORCE);
    assertThat(minors.below()).isEqualTo(BelowAction.INFORM);
    assertThat(children.below()).isEqualTo(BelowAction.INFORM);
    Instant start = firstDay.atStartOfDay(nebraska.zone()).toInstant();
    String fifteen = "self:" + firstDay.minusYears(15);
    String eleven = "self:" + firstDay.minusYears(11);
    String adult = "verified:" + firstDay.minusYears(minors.minimumAge());

    DecideAnswer teenBefore = signup("US-NE", "forum", fifteen, null, start.minusSeconds(1));
    DecideAnswer teenOn = signup("US-NE", "forum", fifteen, null, start);
    DecideAnswer childOn = signup("US-NE", "forum", eleven, null, start);
    DecideAnswer adultOn = signup("US-NE", "forum", adult, null, start);

    assertThat(teenBefore.verdict().wireName()).isEqualTo("allow");
    assertThat(teenBefore.reasons())
        .extracting(Reason::rule)
        .doesNotContain(minors.id(), children.id());
    assertThat(teenOn.verdict().wireName()).isEqualTo("allow");
    assertThat(teenOn.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("minor_obligation", minors.id()), tuple("minimum_age_met", children.id()))
        .doesNotContain(tuple("minor_obligation", children.id()));
    assertThat(childOn.verdict().wireName()).isEqualTo("require");
    assertThat(childOn.requires()).containsExactly(Requirement.PARENTAL_CONSENT);
    assertThat(childOn.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(
            tuple("minor_obligation", minors.id()),
            tuple("minor_obligation", children.id()),
            tuple("parental_consent_required", "US-COPPA-13-PRE2026"));
    assertThat(adultOn.verdict().wireName()).isEqualTo("allow");
    assertThat(adultOn.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("minimum_age_met", minors.id()))
        .doesNotContain(tuple("minor_obligation", minors.id()));
  }

  /**
   * Vermont's design code (Act 63) starts by itself on its bundled first day, counted in Vermont's
   * zone: a 15-year-old signing up to a social network is allowed on both sides, with the duties
   * named only from that day; an 11-year-old needs COPPA's consent (Vermont inherits US); an adult
   * meets the age.
   */
  @Test
  void decide_vermontDesignCode_startsByItselfOnItsFirstDay() {
    Jurisdiction vermont = RULES.find("US-VT");
    assertThat(vermont.zone()).isEqualTo(ZoneId.of("America/New_York"));
    MinimumAgeRule code = vermont.rule("US-VT-ACT63-18");
    assertThat(code.status()).isEqualTo(RuleStatus.IN_FORCE);
    assertThat(code.below()).isEqualTo(BelowAction.INFORM);
    LocalDate firstDay = code.effectiveFrom();
    Instant start = firstDay.atStartOfDay(vermont.zone()).toInstant();
    String fifteen = "self:" + firstDay.minusYears(15);
    String eleven = "self:" + firstDay.minusYears(11);
    String adult = "verified:" + firstDay.minusYears(code.minimumAge());

    DecideAnswer before = signup("US-VT", "social_network", fifteen, null, start.minusSeconds(1));
    DecideAnswer on = signup("US-VT", "social_network", fifteen, null, start);
    DecideAnswer child = signup("US-VT", "social_network", eleven, null, start);
    DecideAnswer grownUp = signup("US-VT", "social_network", adult, null, start);

    assertThat(before.verdict().wireName()).isEqualTo("allow");
    assertThat(before.reasons()).extracting(Reason::rule).doesNotContain(code.id());
    assertThat(on.verdict().wireName()).isEqualTo("allow");
    assertThat(on.requires()).isEmpty();
    assertThat(on.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("minor_obligation", code.id()));
    assertThat(on.reasons())
        .filteredOn(reason -> code.id().equals(reason.rule()))
        .allSatisfy(reason -> assertThat(reason.detail()).startsWith("under 18: for a user"));
    assertThat(child.verdict().wireName()).isEqualTo("require");
    assertThat(child.requires()).containsExactly(Requirement.PARENTAL_CONSENT);
    assertThat(child.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(
            tuple("parental_consent_required", "US-COPPA-13"),
            tuple("minor_obligation", code.id()));
    assertThat(grownUp.verdict().wireName()).isEqualTo("allow");
    assertThat(grownUp.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("minimum_age_met", code.id()))
        .doesNotContain(tuple("minor_obligation", code.id()));
  }

  private static DecideAnswer signup(
      String jurisdiction, String category, String actor, Boolean consent, Instant at) {
    return SERVICE.decide(
        Scenarios.request(
            jurisdiction,
            "signup",
            category,
            actor,
            null,
            consent,
            null,
            null,
            null,
            at.toString()));
  }

  private static DecideAnswer socialSignup(String jurisdiction, String actor, Instant at) {
    return SERVICE.decide(
        Scenarios.request(
            jurisdiction,
            "signup",
            "social_network",
            actor,
            null,
            null,
            null,
            null,
            null,
            at.toString()));
  }

  private static DecideAnswer adultContent(String jurisdiction, String actor, Instant at) {
    return SERVICE.decide(
        Scenarios.request(
            jurisdiction,
            "view_content",
            null,
            actor,
            null,
            null,
            null,
            null,
            "adult",
            at.toString()));
  }

  /**
   * Every EU and EEA state and the UK: one day before the consent-age birthday a parent must
   * consent, on the birthday (in the jurisdiction's zone, noon UTC is the same day everywhere in
   * Europe) the child may consent alone. Columns: jurisdiction | age | rule.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          AT|14|AT-GDPR8-14
          BE|13|BE-GDPR8-13
          BG|14|BG-GDPR8-14
          HR|16|HR-GDPR8-16
          CY|14|CY-GDPR8-14
          CZ|15|CZ-GDPR8-15
          DK|15|DK-GDPR8-15
          EE|13|EE-GDPR8-13
          FI|13|FI-GDPR8-13
          DE|16|DE-GDPR8-16
          GR|15|GR-GDPR8-15
          HU|16|HU-GDPR8-16
          IE|16|IE-GDPR8-16
          IT|14|IT-GDPR8-14
          LV|13|LV-GDPR8-13
          LT|14|LT-GDPR8-14
          LU|16|LU-GDPR8-16
          MT|13|MT-GDPR8-13
          NL|16|NL-GDPR8-16
          PL|16|PL-GDPR8-16
          PT|13|PT-GDPR8-13
          RO|16|RO-GDPR8-16
          SK|16|SK-GDPR8-16
          SI|15|SI-GDPR8-15
          ES|14|ES-GDPR8-14
          SE|13|SE-GDPR8-13
          IS|13|IS-GDPR8-13
          LI|16|LI-GDPR8-16
          NO|13|NO-GDPR8-13
          GB|13|GB-UKGDPR-13
          """)
  void decide_digitalConsentAge_parentBeforeBirthdayChildAlone(
      String jurisdiction, int age, String rule) {
    String born = String.format("%04d-06-15", 2026 - age);
    DecideAnswer before =
        SERVICE.decide(
            Scenarios.request(
                jurisdiction,
                "signup",
                "social_network",
                "self:" + born,
                null,
                null,
                null,
                null,
                null,
                "2026-06-14T12:00:00Z"));
    DecideAnswer on =
        SERVICE.decide(
            Scenarios.request(
                jurisdiction,
                "signup",
                "social_network",
                "self:" + born,
                null,
                null,
                null,
                null,
                null,
                "2026-06-15T12:00:00Z"));

    assertThat(before.verdict().wireName()).isEqualTo("require");
    assertThat(before.requires()).containsExactly(Requirement.PARENTAL_CONSENT);
    assertThat(before.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("parental_consent_required", rule));
    assertThat(before.reasons())
        .filteredOn(reason -> rule.equals(reason.rule()))
        .allSatisfy(reason -> assertThat(reason.detail()).startsWith("under " + age));
    assertThat(on.verdict().wireName()).isEqualTo("allow");
    assertThat(on.reasons())
        .extracting(Reason::code, Reason::rule)
        .contains(tuple("minimum_age_met", rule));
  }
}
