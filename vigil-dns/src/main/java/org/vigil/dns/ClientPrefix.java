package org.vigil.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A client address or network (IPv4 or IPv6, with optional prefix length) as resolvers' access
 * lists write it. Parsed without DNS lookups: only literals are accepted.
 */
public final class ClientPrefix {
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  private final byte[] network;
  private final int length;
  private final InetAddress address;

  private ClientPrefix(InetAddress address, int length) {
    this.address = address;
    this.length = length;
    this.network = mask(address.getAddress(), length);
  }

  /**
   * Parses {@code 192.0.2.7}, {@code 198.51.100.0/24}, {@code 2001:db8::1} or {@code
   * 2001:db8:1::/56}.
   *
   * @throws IllegalArgumentException when the text is not an address literal with a valid length
   */
  public static ClientPrefix parse(String text) {
    Objects.requireNonNull(text, "address");
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (!LITERAL.matcher(host).matches() || (!host.contains(":") && !host.contains("."))) {
      throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: '" + text + "'", e);
    }
    int max = address.getAddress().length * 8;
    int length = max;
    if (slash >= 0) {
      try {
        length = Integer.parseInt(trimmed.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length in '" + text + "'", e);
      }
      if (length < 0 || length > max) {
        throw new IllegalArgumentException("prefix length out of range in '" + text + "'");
      }
    }
    return new ClientPrefix(address, length);
  }

  /** Whether {@code client} lies in this network. */
  public boolean contains(InetAddress client) {
    byte[] bytes = client.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    int full = length / 8;
    for (int i = 0; i < full; i++) {
      if (bytes[i] != network[i]) {
        return false;
      }
    }
    int rest = length % 8;
    if (rest == 0) {
      return true;
    }
    int m = (0xFF << (8 - rest)) & 0xFF;
    return (bytes[full] & m) == (network[full] & m);
  }

  /** True for a single address (/32 or /128). */
  public boolean isHost() {
    return length == network.length * 8;
  }

  /** The network address with its length, e.g. {@code 127.0.0.2/32}; always with a length. */
  public String cidr() {
    return text(network) + "/" + length;
  }

  /** The address alone for a host, the CIDR otherwise (BIND's address match list style). */
  public String bindElement() {
    return isHost() ? text(address.getAddress()) : cidr();
  }

  /** IPv4 dotted quad, or IPv6 in the RFC 5952 form (longest zero run as ::, lowercase). */
  static String text(byte[] bytes) {
    return org.vigil.core.courtorders.NetworkAddresses.format(bytes);
  }

  private static byte[] mask(byte[] bytes, int length) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int bits = Math.max(0, Math.min(8, length - i * 8));
      out[i] = (byte) (out[i] & ((0xFF << (8 - bits)) & 0xFF));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientPrefix other
        && length == other.length
        && java.util.Arrays.equals(network, other.network);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(network) * 31 + length;
  }

  @Override
  public String toString() {
    return cidr();
  }
}
