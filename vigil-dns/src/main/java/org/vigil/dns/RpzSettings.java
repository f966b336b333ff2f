package org.vigil.dns;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * How category response policy zones are written.
 *
 * @param suffix parent of every zone: {@code social_network.rpz.vigil.} for the default
 * @param noticeHost when present, covered names are rewritten to a CNAME to this host (a page
 *     explaining the restriction) instead of NXDOMAIN
 * @param ttl TTL of policy records; resolvers cap their answers' TTL to it
 * @param expire how long a secondary keeps applying a zone it can no longer refresh. Long on
 *     purpose: an order must not lapse because the primary was down over a weekend.
 * @param bypassHosts names added to every category zone, so that any restricted subscriber also
 *     loses the usual ways around the provider's resolver (public DoH/DoT resolvers, the Firefox
 *     DoH canary, iCloud Private Relay, VPN services); see {@link BypassEndpoints}
 */
public record RpzSettings(
    Name suffix,
    Optional<Name> noticeHost,
    Duration ttl,
    Duration refresh,
    Duration expire,
    SortedSet<String> bypassHosts) {

  public static final Name DEFAULT_SUFFIX = name("rpz.vigil.");

  public RpzSettings {
    Objects.requireNonNull(suffix, "suffix");
    Objects.requireNonNull(noticeHost, "noticeHost");
    bypassHosts = Collections.unmodifiableSortedSet(new TreeSet<>(bypassHosts));
    if (!suffix.isAbsolute()) {
      throw new IllegalArgumentException("zone suffix must be absolute: " + suffix);
    }
    if (ttl.isNegative() || ttl.isZero() || refresh.isNegative() || expire.compareTo(refresh) < 0) {
      throw new IllegalArgumentException(
          "ttl, refresh and expire must be positive, expire >= refresh");
    }
  }

  /**
   * NXDOMAIN, zones under rpz.vigil., 60 s TTL, hourly refresh (NOTIFY is the fast path), the
   * bundled bypass host names in every zone.
   */
  public static RpzSettings defaults() {
    return new RpzSettings(
        DEFAULT_SUFFIX,
        Optional.empty(),
        Duration.ofSeconds(60),
        Duration.ofHours(1),
        Duration.ofDays(30),
        BypassEndpoints.bundled().hosts(List.of()));
  }

  /** The same settings with covered names redirected to {@code host}. */
  public RpzSettings withNoticeHost(String host) {
    return new RpzSettings(
        suffix, Optional.of(name(absolute(host))), ttl, refresh, expire, bypassHosts);
  }

  /** The same settings with another zone suffix. */
  public RpzSettings withSuffix(String newSuffix) {
    return new RpzSettings(
        name(absolute(newSuffix)), noticeHost, ttl, refresh, expire, bypassHosts);
  }

  /** The same settings without bypass host names in the zones. */
  public RpzSettings withoutBypassHosts() {
    return new RpzSettings(suffix, noticeHost, ttl, refresh, expire, new TreeSet<>());
  }

  static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + text, e);
    }
  }
}
