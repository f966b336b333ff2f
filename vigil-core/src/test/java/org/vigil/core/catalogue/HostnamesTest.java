package org.vigil.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostnamesTest {

  @Test
  void isValid_ordinaryNames_accepted() {
    assertThat(Hostnames.isValid("youtu.be")).isTrue();
    assertThat(Hostnames.isValid("a-b.c-d.example")).isTrue();
    assertThat(Hostnames.isValid("4chan.org")).isTrue();
    assertThat(Hostnames.isValid("xn--bcher-kva.example")).isTrue();
  }

  @Test
  void isValid_malformedNames_rejected() {
    assertThat(Hostnames.isValid("com")).isFalse();
    assertThat(Hostnames.isValid("example.com.")).isFalse();
    assertThat(Hostnames.isValid("*.example.com")).isFalse();
    assertThat(Hostnames.isValid("exa_mple.com")).isFalse();
    assertThat(Hostnames.isValid("example..com")).isFalse();
    assertThat(Hostnames.isValid("192.168.0.1")).isFalse();
    assertThat(Hostnames.isValid("a".repeat(64) + ".com")).isFalse();
    assertThat(Hostnames.isValid(null)).isFalse();
  }

  @Test
  void isAtOrUnder_labelBoundaries_respected() {
    assertThat(Hostnames.isAtOrUnder("m.youtube.com", "youtube.com")).isTrue();
    assertThat(Hostnames.isAtOrUnder("youtube.com", "youtube.com")).isTrue();
    assertThat(Hostnames.isAtOrUnder("notyoutube.com", "youtube.com")).isFalse();
    assertThat(Hostnames.isAtOrUnder("youtube.com", "m.youtube.com")).isFalse();
  }
}
