package org.vigil.core.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceCatalogueTest {
  private final ServiceCatalogue bundled = ServiceCatalogue.bundled();

  @Test
  void bundled_always_passesValidation() {
    assertThat(CatalogueValidator.problems(bundled.services())).isEmpty();
    assertThat(bundled.version()).isNotBlank();
    assertThat(bundled.date()).isAfter(LocalDate.of(2026, 1, 1));
  }

  @Test
  void bundled_everyCategory_hasServicesAndDomains() {
    for (ServiceCategory category : ServiceCategory.values()) {
      assertThat(bundled.servicesIn(category)).as(category.wireName()).isNotEmpty();
      assertThat(bundled.domainsIn(category)).as(category.wireName()).isNotEmpty();
    }
  }

  @Test
  void bundled_services_sortedByCategoryThenIdForCleanDiffs() {
    List<CatalogueService> sorted = new ArrayList<>(bundled.services());
    sorted.sort(
        Comparator.comparing((CatalogueService s) -> s.category().wireName())
            .thenComparing(CatalogueService::id));
    assertThat(bundled.services()).containsExactlyElementsOf(sorted);
    for (CatalogueService service : bundled.services()) {
      assertThat(service.domains()).as(service.id()).isSorted();
    }
  }

  @Test
  void bundled_noDomain_isSharedWithUnrelatedSites() {
    List<String> offenders = new ArrayList<>();
    for (CatalogueService service : bundled.services()) {
      for (String domain : service.domains()) {
        for (String shared :
            List.of("googleapis.com", "cloudfront.net", "akamaized.net", "gstatic.com", "qq.com")) {
          if (Hostnames.isAtOrUnder(shared, domain)) {
            offenders.add(service.id() + ":" + domain);
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void serviceForHost_subdomain_findsOwningService() {
    assertThat(bundled.serviceForHost("m.youtube.com").map(CatalogueService::id))
        .contains("youtube");
    assertThat(bundled.serviceForHost("WWW.Reddit.COM.").map(CatalogueService::id))
        .contains("reddit");
    assertThat(bundled.serviceForHost("youtubei.googleapis.com").map(CatalogueService::id))
        .contains("youtube");
  }

  @Test
  void serviceForHost_unrelatedOrParentHost_findsNothing() {
    assertThat(bundled.serviceForHost("maps.googleapis.com")).isEmpty();
    assertThat(bundled.serviceForHost("notyoutube.com")).isEmpty();
    assertThat(bundled.serviceForHost("com")).isEmpty();
    assertThat(bundled.serviceForHost("example.org")).isEmpty();
  }

  @Test
  void domainsIn_category_containsOnlyThatCategorysDomains() {
    assertThat(bundled.domainsIn(ServiceCategory.VIDEO_SHARING))
        .contains("youtube.com", "tiktok.com")
        .doesNotContain("facebook.com", "discord.com");
  }

  @Test
  void parse_duplicateDomainAcrossServices_reportsBothServices() {
    String yaml =
        catalogue(
            service("a", "social_network", "[example.com]"),
            service("b", "messaging", "[example.com]"));
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidCatalogueException.class)
        .hasMessageContaining("b: 'example.com' is already listed by a");
  }

  @Test
  void parse_sharedHostOrPublicSuffix_isRejected() {
    String yaml =
        catalogue(
            service("a", "social_network", "[cloudfront.net]"),
            service("b", "messaging", "[co.uk]"),
            service("c", "video_sharing", "[com]"));
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidCatalogueException.class)
        .satisfies(
            e -> {
              List<String> problems = ((InvalidCatalogueException) e).problems();
              assertThat(problems).anyMatch(p -> p.startsWith("a: 'cloudfront.net'"));
              assertThat(problems).anyMatch(p -> p.startsWith("b: 'co.uk'"));
              assertThat(problems).anyMatch(p -> p.startsWith("c: 'com' is not"));
            });
  }

  @Test
  void parse_domainNestedUnderAnotherServicesDomain_isRejected() {
    String yaml =
        catalogue(
            service("a", "social_network", "[example.com]"),
            service("b", "messaging", "[chat.example.com]"));
    assertThatThrownBy(() -> parse(yaml))
        .hasMessageContaining("b: 'chat.example.com' is already covered by 'example.com' of a");
  }

  @Test
  void parse_malformedHostsAndUnknownCategory_allReportedAtOnce() {
    String yaml =
        catalogue(
            service("a", "social_network", "[Upper.com, -bad.com, 'ex ample.com', 10.0.0.1]"),
            service("b", "dating", "[fine.example]"));
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidCatalogueException.class)
        .satisfies(
            e -> {
              List<String> problems = ((InvalidCatalogueException) e).problems();
              assertThat(problems)
                  .anyMatch(p -> p.contains("'Upper.com'"))
                  .anyMatch(p -> p.contains("'-bad.com'"))
                  .anyMatch(p -> p.contains("'ex ample.com'"))
                  .anyMatch(p -> p.contains("'10.0.0.1'"))
                  .anyMatch(p -> p.contains("unknown service category 'dating'"));
            });
  }

  @Test
  void parse_missingCategory_isReported() {
    String yaml = catalogue(service("a", "social_network", "[example.com]"));
    assertThatThrownBy(() -> parse(yaml)).hasMessageContaining("category messaging has no service");
  }

  @Test
  void parse_unknownFieldOrBrokenYaml_clearErrorNotCrash() {
    assertThatThrownBy(() -> parse("version: 1\nservicez: []\n"))
        .isInstanceOf(InvalidCatalogueException.class)
        .hasMessageContaining("servicez");
    assertThatThrownBy(() -> parse("version: [unclosed\n"))
        .isInstanceOf(InvalidCatalogueException.class);
    assertThatThrownBy(() -> parse("")).isInstanceOf(InvalidCatalogueException.class);
  }

  @Test
  void parse_validMinimalCatalogue_isUsable() throws IOException {
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (ServiceCategory category : ServiceCategory.values()) {
      entries.add(service("s" + i, category.wireName(), "[s" + i + ".example]"));
      i++;
    }
    ServiceCatalogue catalogue = parse(catalogue(entries.toArray(String[]::new)));
    assertThat(catalogue.version()).isEqualTo("t-1");
    assertThat(catalogue.domainsIn(ServiceCategory.MESSAGING)).containsExactly("s1.example");
  }

  /**
   * A source must be where the facts about this service were checked: its URL names the service
   * (its id, its name or the main label of one of its domains, ignoring case and punctuation), so a
   * copy-paste slip that cites another service's page fails here.
   */
  @Test
  void bundled_everySource_namesItsService() {
    List<String> offenders = new ArrayList<>();
    for (CatalogueService service : bundled.services()) {
      String url = squash(service.source());
      List<String> names = new ArrayList<>();
      names.add(squash(service.id()));
      names.add(squash(service.name()));
      for (String domain : service.domains()) {
        names.add(squash(domain.substring(0, domain.indexOf('.'))));
      }
      // Two letters at least: "x" alone would match any URL (X is matched by twitter.com).
      if (names.stream().noneMatch(name -> name.length() >= 2 && url.contains(name))) {
        offenders.add(service.id() + " " + service.source());
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void bundled_servicesWithSeveralFunctions_inEveryCategoryZone() {
    assertThat(bundled.domainsIn(ServiceCategory.SOCIAL_NETWORK))
        .contains("tiktok.com", "youtube.com", "reddit.com", "twitch.tv", "kick.com");
    assertThat(bundled.domainsIn(ServiceCategory.LIVE_STREAMING))
        .contains("tiktok.com", "youtube.com", "instagram.com");
    assertThat(bundled.domainsIn(ServiceCategory.MESSAGING))
        .contains("discord.com", "snapchat.com");
    assertThat(bundled.servicesIn(ServiceCategory.SOCIAL_NETWORK))
        .extracting(CatalogueService::id)
        .contains("tiktok", "youtube", "roblox");
    for (CatalogueService service : bundled.services()) {
      for (CatalogueService.Membership membership : service.memberships()) {
        assertThat(membership.why()).as(service.id()).isNotBlank();
      }
    }
  }

  @Test
  void bundled_closedServices_keptAndMarkedWithTheirDomains() {
    CatalogueService guilded = bundled.serviceForHost("www.guilded.gg").orElseThrow();

    assertThat(guilded.isClosed()).isTrue();
    assertThat(guilded.closed().on()).isEqualTo(LocalDate.of(2025, 12, 19));
    assertThat(bundled.domainsIn(ServiceCategory.GAMING_CHAT)).contains("guilded.gg");
    assertThat(bundled.serviceForHost("recroom.com").orElseThrow().isClosed()).isTrue();
    assertThat(bundled.serviceForHost("discord.com").orElseThrow().isClosed()).isFalse();
  }

  @Test
  void bundled_changelog_startsWithThisVersion() {
    assertThat(bundled.changelog()).isNotEmpty();
    assertThat(bundled.changelog().get(0).version()).isEqualTo(bundled.version());
    assertThat(bundled.changelog().get(0).date()).isEqualTo(bundled.date());
  }

  @Test
  void diff_addedDomainCategoryAndClosure_listedPerService() throws IOException {
    ServiceCatalogue older =
        parse(
            catalogue(
                service("a", "social_network", "[a.example]"),
                service("b", "messaging", "[b.example]"),
                service("gone", "forum", "[gone.example]"),
                OTHER_CATEGORIES));
    ServiceCatalogue newer =
        parse(
            "version: t-2\ndate: '2026-12-05'\nservices:\n"
                + "  - id: a\n    name: Na\n    categories:\n"
                + "      - {category: social_network, why: w}\n"
                + "      - {category: video_sharing, why: w}\n"
                + "    domains: [a.example, a2.example]\n    source: https://example.org/a\n"
                + service("b", "messaging", "[b.example]")
                    .replace("\n    why:", "\n    closed: {note: n}\n    why:")
                + service("c", "forum", "[c.example]")
                + OTHER_CATEGORIES);

    CatalogueDiff diff = CatalogueDiff.between(older, newer);

    assertThat(diff.changes())
        .extracting(CatalogueDiff.Change::id, CatalogueDiff.Change::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "changed"),
            org.assertj.core.groups.Tuple.tuple("b", "changed"),
            org.assertj.core.groups.Tuple.tuple("c", "added"),
            org.assertj.core.groups.Tuple.tuple("gone", "removed"));
    assertThat(diff.changes().get(0).addedDomains()).containsExactly("a2.example");
    assertThat(diff.changes().get(0).addedCategories()).containsExactly("video_sharing");
    assertThat(diff.changes().get(1).closed()).isTrue();
    assertThat(diff.lines()).first().asString().contains("t-1 -> t-2");
    assertThat(CatalogueDiff.between(newer, newer).isEmpty()).isTrue();
  }

  @Test
  void parse_categoryListAndSingleCategoryBoth_rejected() {
    String yaml =
        catalogue(
            service("a", "social_network", "[a.example]")
                .replace("\n    why:", "\n    categories: [{category: forum, why: w}]\n    why:"));
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(InvalidCatalogueException.class)
        .hasMessageContaining("not both");
  }

  /** One service in each category the diff test does not use: a catalogue must cover all six. */
  private static final String OTHER_CATEGORIES =
      service("v", "video_sharing", "[v.example]")
          + service("g", "gaming_chat", "[g.example]")
          + service("l", "live_streaming", "[l.example]");

  private static String squash(String text) {
    return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static ServiceCatalogue parse(String yaml) throws IOException {
    try (InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
      return ServiceCatalogue.parse(in, "test");
    }
  }

  private static String catalogue(String... services) {
    return "version: t-1\ndate: '2026-11-23'\nservices:\n" + String.join("", services);
  }

  private static String service(String id, String category, String domains) {
    return "  - id: "
        + id
        + "\n    name: N"
        + id
        + "\n    category: "
        + category
        + "\n    domains: "
        + domains
        + "\n    why: because\n    source: https://example.org/"
        + id
        + "\n";
  }
}
