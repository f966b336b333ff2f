package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class ClientPrefixTest {

  @Test
  void contains_ipv4Network_matchesOnlyInside() throws UnknownHostException {
    ClientPrefix net = ClientPrefix.parse("198.51.100.0/25");
    assertThat(net.contains(InetAddress.getByName("198.51.100.127"))).isTrue();
    assertThat(net.contains(InetAddress.getByName("198.51.100.128"))).isFalse();
    assertThat(net.contains(InetAddress.getByName("2001:db8::1"))).isFalse();
    assertThat(net.cidr()).isEqualTo("198.51.100.0/25");
  }

  @Test
  void contains_ipv6DelegatedPrefix_matches() throws UnknownHostException {
    ClientPrefix net = ClientPrefix.parse("2001:db8:1200::/56");
    assertThat(net.contains(InetAddress.getByName("2001:db8:12ff::1"))).isFalse();
    assertThat(net.contains(InetAddress.getByName("2001:db8:1200:ff::1"))).isTrue();
  }

  @Test
  void cidr_ipv6_compressedLowercase() {
    assertThat(ClientPrefix.parse("2001:DB8:0:0:1:0:0:1").cidr())
        .isEqualTo("2001:db8::1:0:0:1/128");
    assertThat(ClientPrefix.parse("2001:db8:1200::/56").cidr()).isEqualTo("2001:db8:1200::/56");
    assertThat(ClientPrefix.parse("::1").bindElement()).isEqualTo("::1");
    assertThat(ClientPrefix.parse("fe80::").bindElement()).isEqualTo("fe80::");
  }

  @Test
  void parse_host_isHostWithFullLength() {
    ClientPrefix host = ClientPrefix.parse("127.0.0.2");
    assertThat(host.isHost()).isTrue();
    assertThat(host.cidr()).isEqualTo("127.0.0.2/32");
    assertThat(host.bindElement()).isEqualTo("127.0.0.2");
  }

  @Test
  void parse_hostnamesAndBadLengths_rejectedWithoutLookup() {
    assertThatThrownBy(() -> ClientPrefix.parse("subscriber.example"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientPrefix.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientPrefix.parse("10.0.0.0/x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
