package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.core.catalogue.Hostnames;

class BypassEndpointsTest {
  private final BypassEndpoints bypass = BypassEndpoints.bundled();

  @Test
  void bundled_everyEntryWellFormed() {
    Set<String> ids = new HashSet<>();
    for (BypassEndpoints.Entry entry : bypass.entries()) {
      assertThat(ids.add(entry.id())).as("duplicate id " + entry.id()).isTrue();
      assertThat(entry.kind()).isIn("encrypted_dns", "relay", "vpn");
      assertThat(entry.hosts()).as(entry.id()).isNotEmpty().allMatch(Hostnames::isValid);
      assertThat(entry.addresses()).allSatisfy(ClientPrefix::parse);
      assertThat(entry.source()).startsWith("https://");
    }
  }

  @Test
  void bundled_sortedByKindThenIdAndNoHostTwice() {
    List<String> keys = new ArrayList<>();
    bypass.entries().forEach(e -> keys.add(e.kind() + "/" + e.id()));
    assertThat(keys).isSorted();
    int total = bypass.entries().stream().mapToInt(e -> e.hosts().size()).sum();
    assertThat(bypass.hosts(List.of())).hasSize(total);
  }

  @Test
  void hosts_byKind_filters() {
    assertThat(bypass.hosts(List.of(BypassEndpoints.Kind.ENCRYPTED_DNS)))
        .contains("dns.google", "use-application-dns.net")
        .doesNotContain("nordvpn.com");
    assertThat(bypass.addresses(List.of(BypassEndpoints.Kind.ENCRYPTED_DNS)))
        .contains("1.1.1.1", "8.8.8.8");
  }
}
