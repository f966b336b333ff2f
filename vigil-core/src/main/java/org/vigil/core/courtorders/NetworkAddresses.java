package org.vigil.core.courtorders;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Reads an IPv4 or IPv6 address, optionally with a CIDR prefix length, and writes it in one
 * canonical form (IPv6 per RFC 5952: lower case, longest zero run compressed), so that the same
 * subscriber address always compares equal and reads the same in resolver configuration.
 *
 * <p>Never resolves names: a value is handed to {@link InetAddress} only after checking it holds
 * nothing but address characters, which makes the JDK parse it as a literal.
 */
public final class NetworkAddresses {

  private NetworkAddresses() {}

  /**
   * The canonical form of {@code value}, or empty when it is not an address or prefix (host bits
   * set under the prefix are refused, not masked, so a typo cannot silently widen a restriction).
   */
  public static Optional<String> canonical(String value) {
    if (value == null || value.isEmpty() || value.length() > 64) {
      return Optional.empty();
    }
    String text = value.strip();
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    boolean v6 = host.indexOf(':') >= 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || c == '.'
              || (v6 && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
      if (!ok) {
        return Optional.empty();
      }
    }
    if (!v6 && !isDottedQuad(host)) {
      return Optional.empty();
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(v6 ? "[" + host + "]" : host);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(length);
      if (prefix > bits || !hostBitsZero(bytes, prefix)) {
        return Optional.empty();
      }
    }
    String canonicalHost = format(bytes);
    return Optional.of(prefix == bits ? canonicalHost : canonicalHost + "/" + prefix);
  }

  private static boolean isDottedQuad(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return false; // a leading zero reads as octal in some tools: refuse the ambiguity
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static boolean hostBitsZero(byte[] bytes, int prefix) {
    for (int bit = prefix; bit < bytes.length * 8; bit++) {
      if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The text form of a 4- or 16-byte address: a dotted quad, or IPv6 as RFC 5952 section 4 asks
   * (lower-case hex, no leading zeros, the longest run (>1) of zero groups as ::).
   */
  public static String format(byte[] bytes) {
    if (bytes.length == 4) {
      return (bytes[0] & 0xff)
          + "."
          + (bytes[1] & 0xff)
          + "."
          + (bytes[2] & 0xff)
          + "."
          + (bytes[3] & 0xff);
    }
    if (bytes.length != 16) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
