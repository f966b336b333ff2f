package org.vigil.core.courtorders;

/**
 * The widest prefix a subscriber line may be reported with. A RADIUS bridge reports a host address
 * (IPv4) or the prefix delegated to the line (IPv6, typically a /56); anything wider would restrict
 * other subscribers (security review, issue 15 #2: {@code 0.0.0.0/0} was accepted).
 *
 * @param widestIpv4 the shortest IPv4 prefix length accepted (32 = host addresses only)
 * @param widestIpv6 the shortest IPv6 prefix length accepted (56 by default)
 */
public record SubscriberAddressLimits(int widestIpv4, int widestIpv6) {

  public SubscriberAddressLimits {
    if (widestIpv4 < 8 || widestIpv4 > 32) {
      throw new IllegalArgumentException("widestIpv4 must be between 8 and 32, got " + widestIpv4);
    }
    if (widestIpv6 < 32 || widestIpv6 > 128) {
      throw new IllegalArgumentException(
          "widestIpv6 must be between 32 and 128, got " + widestIpv6);
    }
  }

  /** Host addresses for IPv4, /56 or narrower for IPv6. */
  public static SubscriberAddressLimits defaults() {
    return new SubscriberAddressLimits(32, 56);
  }

  /**
   * {@code canonical} unchanged (as from {@link NetworkAddresses#canonical}), or a 422 naming
   * {@code address} when its prefix is wider than allowed.
   */
  String check(String canonical) {
    boolean v6 = canonical.indexOf(':') >= 0;
    int slash = canonical.indexOf('/');
    int length = slash < 0 ? (v6 ? 128 : 32) : Integer.parseInt(canonical.substring(slash + 1));
    int widest = v6 ? widestIpv6 : widestIpv4;
    if (length < widest) {
      throw CourtOrderErrors.invalid(
          "address",
          "is wider than the /"
              + widest
              + " a subscriber line may use (IPv"
              + (v6 ? "6" : "4")
              + ")");
    }
    return canonical;
  }
}
