package org.vigil.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.catalogue.ServiceCategory;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Zone;

/**
 * Builds one response policy zone (RPZ, draft-vixie-dnsop-dns-rpz) per service category.
 *
 * <p>For each catalogue domain {@code d} the zone holds two QNAME triggers, {@code d} and {@code
 * *.d}, whose action is {@code CNAME .} (answer NXDOMAIN) or, with a notice host, {@code CNAME
 * notice.host.} (answer with the notice page's address). The catalogue version is published as a
 * TXT record at {@code <category>.catalogue.vigil.invalid} inside the zone: a trigger for a name
 * under the reserved .invalid TLD (RFC 6761), so it never shadows a real name, and a restricted
 * client can ask its resolver which catalogue version applies to it.
 */
public final class CategoryZones {
  private static final Name NXDOMAIN_ACTION = Name.root;
  private static final Name LOCALHOST = RpzSettings.name("localhost.");
  private static final Name HOSTMASTER = RpzSettings.name("hostmaster.localhost.");

  private CategoryZones() {}

  /** {@code <category>.<suffix>}, e.g. {@code social_network.rpz.vigil.}. */
  public static Name zoneName(ServiceCategory category, RpzSettings settings) {
    return concat(RpzSettings.name(category.wireName()), settings.suffix());
  }

  /** The name whose TXT record carries the catalogue version, relative to the zone. */
  public static Name versionName(ServiceCategory category) {
    return RpzSettings.name(category.wireName() + ".catalogue.vigil.invalid");
  }

  /** The zone's records: SOA, NS, version TXT, then two triggers per domain in sorted order. */
  public static List<Record> records(
      ServiceCatalogue catalogue, ServiceCategory category, RpzSettings settings, long serial) {
    Name origin = zoneName(category, settings);
    long ttl = settings.ttl().toSeconds();
    List<Record> records = new ArrayList<>();
    records.add(
        new SOARecord(
            origin,
            DClass.IN,
            ttl,
            LOCALHOST,
            HOSTMASTER,
            serial,
            settings.refresh().toSeconds(),
            Math.max(60, settings.refresh().toSeconds() / 10),
            settings.expire().toSeconds(),
            ttl));
    records.add(new NSRecord(origin, DClass.IN, ttl, LOCALHOST));
    records.add(
        new TXTRecord(
            concat(versionName(category), origin),
            DClass.IN,
            ttl,
            List.of(
                "vigil-catalogue-version=" + catalogue.version(),
                "date=" + catalogue.date(),
                "category=" + category.wireName())));
    Name action = settings.noticeHost().orElse(NXDOMAIN_ACTION);
    for (String domain : triggers(catalogue, category, settings)) {
      Name trigger = concat(RpzSettings.name(domain), origin);
      records.add(new CNAMERecord(trigger, DClass.IN, ttl, action));
      records.add(
          new CNAMERecord(concat(Name.fromConstantString("*"), trigger), DClass.IN, ttl, action));
    }
    return records;
  }

  /**
   * The names the zone covers, sorted: the category's catalogue domains, then (merged in order) the
   * bypass host names not already covered by one of them.
   */
  public static SortedSet<String> triggers(
      ServiceCatalogue catalogue, ServiceCategory category, RpzSettings settings) {
    SortedSet<String> domains = catalogue.domainsIn(category);
    SortedSet<String> all = new TreeSet<>(domains);
    for (String host : settings.bypassHosts()) {
      if (!coveredBy(domains, host)) {
        all.add(host);
      }
    }
    return all;
  }

  /** Whether {@code host} equals or lies under one of {@code domains}. */
  static boolean coveredBy(Set<String> domains, String host) {
    String name = host;
    while (true) {
      if (domains.contains(name)) {
        return true;
      }
      int dot = name.indexOf('.');
      if (dot < 0) {
        return false;
      }
      name = name.substring(dot + 1);
    }
  }

  /** The zone as a dnsjava {@link Zone}, for serving. */
  public static Zone zone(
      ServiceCatalogue catalogue, ServiceCategory category, RpzSettings settings, long serial) {
    List<Record> records = records(catalogue, category, settings, serial);
    try {
      return new Zone(zoneName(category, settings), records.toArray(Record[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A master-format zone file that BIND, Unbound and PowerDNS load as is. */
  public static String zoneFile(
      ServiceCatalogue catalogue, ServiceCategory category, RpzSettings settings, long serial) {
    StringBuilder out = new StringBuilder();
    out.append("; Vigil response policy zone for category ")
        .append(category.wireName())
        .append('\n')
        .append("; catalogue version ")
        .append(catalogue.version())
        .append(" (")
        .append(catalogue.date())
        .append("), ")
        .append(catalogue.domainsIn(category).size())
        .append(" domains + ")
        .append(
            triggers(catalogue, category, settings).size() - catalogue.domainsIn(category).size())
        .append(" bypass names, action ")
        .append(settings.noticeHost().map(h -> "CNAME " + h).orElse("NXDOMAIN"))
        .append('\n')
        .append("$ORIGIN ")
        .append(zoneName(category, settings))
        .append('\n');
    for (Record record : records(catalogue, category, settings, serial)) {
      out.append(record).append('\n');
    }
    return out.toString();
  }

  static Name concat(Name prefix, Name suffix) {
    try {
      return Name.concatenate(prefix, suffix);
    } catch (NameTooLongException e) {
      throw new IllegalArgumentException("name too long: " + prefix + " + " + suffix, e);
    }
  }
}
