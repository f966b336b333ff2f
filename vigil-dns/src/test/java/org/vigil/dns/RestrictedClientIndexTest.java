package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.RestrictedClient;

class RestrictedClientIndexTest {

  @Test
  void of_sameAddressTwoOrders_unionOfCategories() throws UnknownHostException {
    RestrictedClientIndex index =
        RestrictedClientIndex.of(
            List.of(
                new RestrictedClient("192.0.2.7", Set.of(ServiceCategory.FORUM), "o1"),
                new RestrictedClient("192.0.2.7", Set.of(ServiceCategory.MESSAGING), "o2")));
    assertThat(index.entries()).hasSize(1);
    assertThat(index.entries().get(0).orderIds()).containsExactly("o1", "o2");
    assertThat(index.categoriesFor(InetAddress.getByName("192.0.2.7")))
        .containsExactlyInAnyOrder(ServiceCategory.FORUM, ServiceCategory.MESSAGING);
    assertThat(index.categoriesFor(InetAddress.getByName("192.0.2.8"))).isEmpty();
  }

  @Test
  void of_networkAndHost_bothApply() throws UnknownHostException {
    RestrictedClientIndex index =
        RestrictedClientIndex.of(
            List.of(
                new RestrictedClient("2001:db8:1200::/56", Set.of(ServiceCategory.FORUM), "o1"),
                new RestrictedClient(
                    "2001:db8:1200::5", Set.of(ServiceCategory.VIDEO_SHARING), "o2")));
    assertThat(index.categoriesFor(InetAddress.getByName("2001:db8:1200::5")))
        .containsExactlyInAnyOrder(ServiceCategory.FORUM, ServiceCategory.VIDEO_SHARING);
    assertThat(index.categoriesFor(InetAddress.getByName("2001:db8:1200::6")))
        .containsExactly(ServiceCategory.FORUM);
  }

  @Test
  void of_unparsableAddress_skippedOthersKept() throws UnknownHostException {
    RestrictedClientIndex index =
        RestrictedClientIndex.of(
            List.of(
                new RestrictedClient("not-an-address", Set.of(ServiceCategory.FORUM), "bad"),
                new RestrictedClient("192.0.2.9", Set.of(ServiceCategory.FORUM), "good")));
    assertThat(index.entries()).hasSize(1);
    assertThat(index.categoriesFor(InetAddress.getByName("192.0.2.9")))
        .containsExactly(ServiceCategory.FORUM);
  }
}
