package org.vigil.dns;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * Who may transfer the policy zones. TSIG-signed requests are accepted with the master key or any
 * key derived from it (one per BIND view); unsigned requests only from the listed networks, for
 * resolvers without TSIG support for transfers (Unbound).
 */
public final class TransferPolicy {
  private final TsigKey masterKey;
  private final List<ClientPrefix> unsignedAllowed;

  public TransferPolicy(TsigKey masterKey, List<ClientPrefix> unsignedAllowed) {
    this.masterKey = masterKey;
    this.unsignedAllowed = List.copyOf(unsignedAllowed);
  }

  /** The master key, if configured. */
  public Optional<TsigKey> masterKey() {
    return Optional.ofNullable(masterKey);
  }

  /** The key named {@code keyName}: the master key or one derived from it by a single label. */
  public Optional<TsigKey> keyNamed(Name keyName) {
    Objects.requireNonNull(keyName, "keyName");
    if (masterKey == null) {
      return Optional.empty();
    }
    if (keyName.equals(masterKey.name())) {
      return Optional.of(masterKey);
    }
    if (keyName.labels() == masterKey.name().labels() + 1 && keyName.subdomain(masterKey.name())) {
      String label = keyName.getLabelString(0);
      if (label.matches("[a-z0-9-]{1,40}")) {
        return Optional.of(masterKey.derive(label));
      }
    }
    return Optional.empty();
  }

  /** Whether an unsigned transfer request from {@code client} is allowed. */
  public boolean allowsUnsigned(InetAddress client) {
    for (ClientPrefix prefix : unsignedAllowed) {
      if (prefix.contains(client)) {
        return true;
      }
    }
    return false;
  }
}
