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
