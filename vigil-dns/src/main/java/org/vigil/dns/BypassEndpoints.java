package org.vigil.dns;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The complement to DNS policy: encrypted-DNS resolvers, relays and VPN services whose endpoints a
 * provider blocks for restricted subscribers at its firewall (addresses) and TLS server-name filter
 * (host names). Read from the bundled {@code bypass-endpoints.yaml}.
 */
public final class BypassEndpoints {
  private static final String RESOURCE = "/org/vigil/dns/bypass-endpoints.yaml";

  /** The kinds of bypass, by their wire names. */
  public enum Kind {
    ENCRYPTED_DNS,
    RELAY,
    VPN;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One endpoint family. */
  public record Entry(
      String id,
      String kind,
      String name,
      List<String> hosts,
      List<String> addresses,
      String note,
      String source) {}

  private record File(String version, List<Entry> entries) {}

  private final String version;
  private final List<Entry> entries;

  private BypassEndpoints(String version, List<Entry> entries) {
    this.version = version;
    this.entries = List.copyOf(entries);
  }

  /** The list shipped with Vigil. */
  public static BypassEndpoints bundled() {
    ObjectMapper yaml = org.vigil.core.json.Json.YAML;
    try (InputStream in = BypassEndpoints.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + RESOURCE);
      }
      File file = yaml.readValue(in, File.class);
      return new BypassEndpoints(file.version(), file.entries());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public String version() {
    return version;
  }

  public List<Entry> entries() {
    return entries;
  }

  /** Every host name of the given kinds (all kinds when empty), sorted, one per line in output. */
  public SortedSet<String> hosts(List<Kind> kinds) {
    SortedSet<String> hosts = new TreeSet<>();
    for (Entry entry : select(kinds)) {
      hosts.addAll(entry.hosts());
    }
    return hosts;
  }

  /** Every address of the given kinds (all kinds when empty), sorted. */
  public SortedSet<String> addresses(List<Kind> kinds) {
    SortedSet<String> addresses = new TreeSet<>();
    for (Entry entry : select(kinds)) {
      addresses.addAll(entry.addresses());
    }
    return addresses;
  }

  private List<Entry> select(List<Kind> kinds) {
    List<Entry> selected = new ArrayList<>();
    for (Entry entry : entries) {
      if (kinds.isEmpty() || kinds.stream().anyMatch(k -> k.wireName().equals(entry.kind()))) {
        selected.add(entry);
      }
    }
    return selected;
  }
}
