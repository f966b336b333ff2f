package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.vigil.core.catalogue.CatalogueService;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.catalogue.ServiceCategory;

/** A service in several categories is restricted by an order naming any one of them. */
class MultiCategoryRestrictionTest {

  private final ServiceCatalogue catalogue = ServiceCatalogue.bundled();

  @Test
  void restricts_socialNetworkOrder_coversTikTokYouTubeAndTwitch() {
    EnumSet<ServiceCategory> socialOnly = EnumSet.of(ServiceCategory.SOCIAL_NETWORK);

    for (String host : new String[] {"www.tiktok.com", "m.youtube.com", "www.twitch.tv"}) {
      CatalogueService service = catalogue.serviceForHost(host).orElseThrow();
      assertThat(EnforcingResolver.restricts(socialOnly, service)).as(host).isTrue();
    }
    CatalogueService signal = catalogue.serviceForHost("signal.org").orElseThrow();
    assertThat(EnforcingResolver.restricts(socialOnly, signal)).isFalse();
    assertThat(EnforcingResolver.restricts(EnumSet.of(ServiceCategory.MESSAGING), signal)).isTrue();
  }

  @Test
  void categoryZones_socialNetworkZone_listsMultiCategoryServices() {
    assertThat(catalogue.domainsIn(ServiceCategory.SOCIAL_NETWORK))
        .contains("tiktok.com", "twitch.tv", "reddit.com")
        .doesNotContain("signal.org");
  }
}
