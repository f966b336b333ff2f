package org.vigil.core.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalDataScrubberTest {

  @Test
  void scrub_emailIpPhoneUrlHandleAndKnownId_allRemoved() {
    String text =
        "User acct-77 (mail jane.doe@example.org, from 203.0.113.9 and 2001:db8::1, phone +34 612"
            + " 345 678, see https://example.com/u/jane, @janedoe) posted it.";
    String scrubbed = PersonalDataScrubber.scrub(text, List.of("acct-77"));
    assertThat(scrubbed)
        .doesNotContain("acct-77")
        .doesNotContain("jane.doe@example.org")
        .doesNotContain("203.0.113.9")
        .doesNotContain("2001:db8::1")
        .doesNotContain("612 345 678")
        .doesNotContain("example.com")
        .doesNotContain("@janedoe")
        .contains("posted it.");
  }

  @Test
  void scrub_lawReferencesAndDates_kept() {
    String text = "Art. 3(4) Directive 2011/93/EU, § 184b StGB, decided 2025-07-01.";
    assertThat(PersonalDataScrubber.scrub(text, List.of())).isEqualTo(text);
  }
}
