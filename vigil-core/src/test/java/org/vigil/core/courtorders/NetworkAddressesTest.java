package org.vigil.core.courtorders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "198.51.100.7, 198.51.100.7",
    "' 203.0.113.0/24 ', 203.0.113.0/24",
    "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "2001:db8:aa00::/56, 2001:db8:aa00::/56",
    "::1, ::1",
    "::, ::",
  })
  void canonical_addresses_rfc5952Form(String input, String expected) {
    assertThat(NetworkAddresses.canonical(input)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "example.com",
        "localhost",
        "1.2.3",
        "1.2.3.256",
        "01.2.3.4",
        "198.51.100.7/33",
        "198.51.100.7/24",
        "2001:db8::1/129",
        "2001:db8::1/56",
        "2001:db8::g",
        "fe80::1%eth0",
        "1.2.3.4/",
        "1.2.3.4/x"
      })
  void canonical_notAnAddress_empty(String input) {
    assertThat(NetworkAddresses.canonical(input)).isEmpty();
  }
}
