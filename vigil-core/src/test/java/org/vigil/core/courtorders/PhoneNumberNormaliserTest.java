package org.vigil.core.courtorders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumberNormaliserTest {

  @ParameterizedTest
  @CsvSource({
    "'+34 612 345 678', , +34612345678",
    "'0034 612-345-678', , +34612345678",
    "'612 345 678', ES, +34612345678",
    "'(+34) 612.345.678', , +34612345678",
    "'+44 (0)20 7946 0958', , +442079460958",
    "'020 7946 0958', GB, +442079460958",
    "'0151 23456789', DE, +4915123456789",
    "'06 12 34 56 78', FR, +33612345678",
    "'06 30 123 4567', HU, +36301234567",
    "'06 6982 1234', IT, +390669821234",
    "'(212) 555-0100', US, +12125550100",
    "'1 212 555 0100', US, +12125550100",
    "'011 34 612 345 678', US, +34612345678",
    // Countries the old hand-written table did not know: libphonenumber's plans cover them.
    "'(11) 91234-5678', BR, +5511912345678",
    "'012-345 6789', MY, +60123456789",
    "'0812 3456 789', ID, +628123456789",
    "'0803 123 4567', NG, +2348031234567",
    "'079 123 45 67', CH, +41791234567",
    "'+55 11 91234-5678', , +5511912345678",
  })
  void toE164_commonFormats_normalised(String raw, String country, String expected) {
    assertThat(PhoneNumberNormaliser.toE164(raw, country)).contains(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "'612 345 678', ",
    "'612 345 678', XX",
    "'+34 612 345 678 ext 12', ",
    "'+34 612 CALL ME', ",
    "'+34 6+12 345 678', ",
    "'+1234', ",
    "'+1234567890123456', ",
    "'+0 612 345 678', ",
    "'', ES",
    "'612 34', ES",
    "'00200000000000', ES",
    "'+20 0000000000', ",
    "'+34 612 345 678 9012', ",
  })
  void toE164_unreadable_empty(String raw, String country) {
    assertThat(PhoneNumberNormaliser.toE164(raw, country)).isEmpty();
  }

  @Test
  void toE164_overlongInput_emptyWithoutWork() {
    assertThat(PhoneNumberNormaliser.toE164("1".repeat(100_000), "ES")).isEmpty();
  }

  @Test
  void knowsCountry_caseInsensitive_true() {
    assertThat(PhoneNumberNormaliser.knowsCountry("es")).isTrue();
    assertThat(PhoneNumberNormaliser.knowsCountry("BR")).isTrue();
    assertThat(PhoneNumberNormaliser.knowsCountry("MY")).isTrue();
    assertThat(PhoneNumberNormaliser.knowsCountry("ZZ")).isFalse();
    assertThat(PhoneNumberNormaliser.knowsCountry(null)).isFalse();
  }
}
