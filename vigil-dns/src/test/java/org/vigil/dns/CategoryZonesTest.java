package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.catalogue.ServiceCategory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class CategoryZonesTest {
  private final ServiceCatalogue catalogue = ServiceCatalogue.bundled();

  @Test
  void zoneFile_parsedBack_hasTwoTriggersPerDomainAndNxdomainAction() throws IOException {
    String text =
        CategoryZones.zoneFile(
            catalogue, ServiceCategory.VIDEO_SHARING, RpzSettings.defaults(), 2026112301L);
    List<Record> records = parse(text);
    Name origin = Name.fromString("video_sharing.rpz.vigil.");
    assertThat(records.get(0)).isInstanceOf(SOARecord.class);
    assertThat(((SOARecord) records.get(0)).getSerial()).isEqualTo(2026112301L);
    assertThat(records)
        .contains(
            new CNAMERecord(Name.fromString("youtube.com", origin), 1, 60, Name.root),
            new CNAMERecord(Name.fromString("*.youtube.com", origin), 1, 60, Name.root));
    long triggers = records.stream().filter(r -> r.getType() == Type.CNAME).count();
    int bypass = RpzSettings.defaults().bypassHosts().size();
    assertThat(triggers)
        .isEqualTo(2L * (catalogue.domainsIn(ServiceCategory.VIDEO_SHARING).size() + bypass));
    assertThat(records)
        .noneMatch(r -> r.getName().toString().startsWith("facebook.com."))
        .allMatch(r -> r.getName().subdomain(origin));
  }

  @Test
  void zoneFile_everyCategory_carriesBypassNamesUnlessDisabled() throws IOException {
    for (ServiceCategory category : ServiceCategory.values()) {
      List<Record> records =
          parse(CategoryZones.zoneFile(catalogue, category, RpzSettings.defaults(), 1));
      Name origin = CategoryZones.zoneName(category, RpzSettings.defaults());
      Name canary = Name.fromString("use-application-dns.net", origin);
      Name google = Name.fromString("*.dns.google", origin);
      assertThat(records)
          .as(category.wireName())
          .anyMatch(r -> r.getName().equals(canary))
          .anyMatch(r -> r.getName().equals(google));
    }
    List<Record> without =
        parse(
            CategoryZones.zoneFile(
                catalogue, ServiceCategory.FORUM, RpzSettings.defaults().withoutBypassHosts(), 1));
    assertThat(without).noneMatch(r -> r.getName().toString().startsWith("dns.google."));
  }

  @Test
  void triggers_bypassNamesNeverOverlapCatalogue() {
    for (String host : RpzSettings.defaults().bypassHosts()) {
      assertThat(catalogue.serviceForHost(host)).as(host).isEmpty();
    }
  }

  @Test
  void zoneFile_carriesCatalogueVersionInTxt() throws IOException {
    List<Record> records =
        parse(CategoryZones.zoneFile(catalogue, ServiceCategory.FORUM, RpzSettings.defaults(), 7));
    assertThat(records)
        .filteredOn(r -> r instanceof TXTRecord)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getName().toString())
                  .isEqualTo("forum.catalogue.vigil.invalid.forum.rpz.vigil.");
              assertThat(((TXTRecord) r).getStrings())
                  .contains("vigil-catalogue-version=" + catalogue.version(), "category=forum");
            });
  }

  @Test
  void zoneFile_withNoticeHost_redirectsInsteadOfNxdomain() throws IOException {
    RpzSettings settings = RpzSettings.defaults().withNoticeHost("restricted.provider.example");
    List<Record> records =
        parse(CategoryZones.zoneFile(catalogue, ServiceCategory.MESSAGING, settings, 1));
    List<Record> triggers = new ArrayList<>();
    records.stream().filter(r -> r.getType() == Type.CNAME).forEach(triggers::add);
    assertThat(triggers)
        .isNotEmpty()
        .allMatch(
            r ->
                ((CNAMERecord) r)
                    .getTarget()
                    .equals(Name.fromConstantString("restricted.provider.example.")));
  }

  @Test
  void zoneFile_sameInputs_identicalOutputForDiffs() {
    String a = CategoryZones.zoneFile(catalogue, ServiceCategory.FORUM, RpzSettings.defaults(), 5);
    String b = CategoryZones.zoneFile(catalogue, ServiceCategory.FORUM, RpzSettings.defaults(), 5);
    assertThat(a).isEqualTo(b);
  }

  @Test
  void zoneName_customSuffix_used() {
    assertThat(
            CategoryZones.zoneName(
                    ServiceCategory.GAMING_CHAT, RpzSettings.defaults().withSuffix("rpz.isp.net"))
                .toString())
        .isEqualTo("gaming_chat.rpz.isp.net.");
  }

  private static List<Record> parse(String text) throws IOException {
    List<Record> records = new ArrayList<>();
    try (Master master =
        new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
      Record record;
      while ((record = master.nextRecord()) != null) {
        records.add(record);
      }
    }
    return records;
  }
}
