package org.vigil.dns;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What every resolver's configuration needs to know about the zones' primary.
 *
 * @param primary where resolvers reach {@code vigil dns serve} for transfers
 * @param settings zone names and actions
 * @param masterKey the TSIG key whose derived keys sign transfers and NOTIFY (BIND, PowerDNS)
 * @param zoneFilePrefix prefix of the files where resolvers keep their copy of each zone (a
 *     directory the resolver may write, or empty for its working directory)
 * @param viewInclude BIND only: a file of the provider's own zones and view options, included in
 *     every view (once views exist, every zone must live inside one)
 */
public record BindingContext(
    InetSocketAddress primary,
    RpzSettings settings,
    TsigKey masterKey,
    String zoneFilePrefix,
    Optional<String> viewInclude) {

  public BindingContext {
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(zoneFilePrefix, "zoneFilePrefix");
    Objects.requireNonNull(viewInclude, "viewInclude");
  }

  /** The primary's address without port, as configuration files write it. */
  String primaryHost() {
    return primary.getAddress().getHostAddress();
  }
}
