package org.vigil.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Applies {@code Forwarded} and {@code X-Forwarded-For/-Proto/-Host} only to requests whose
 * connection comes from a configured proxy. Anyone else could write those headers to pose as
 * another client address (which the request log records) or as https; from them the headers are
 * ignored.
 */
final class TrustedProxies implements HttpConfiguration.Customizer {

  private final Set<InetAddress> proxies = new HashSet<>();
  private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

  TrustedProxies(List<String> addresses) {
    for (String address : addresses) {
      proxies.add(literal(address));
    }
  }

  /** An IP address literal; never a name, so configuration cannot trigger a DNS lookup. */
  static InetAddress literal(String address) {
    String text = address.trim();
    boolean looksLikeIp = text.matches("[0-9.]+") || text.contains(":");
    if (!looksLikeIp) {
      throw new IllegalArgumentException(
          "VIGIL_TRUSTED_PROXIES entry '" + address + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "VIGIL_TRUSTED_PROXIES entry '" + address + "' is not an IP address", e);
    }
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    String remote = Request.getRemoteAddr(request);
    try {
      if (remote != null && proxies.contains(InetAddress.getByName(remote))) {
        return forwarded.customize(request, responseHeaders);
      }
    } catch (UnknownHostException e) {
      return request; // not an address literal: not a configured proxy
    }
    return request;
  }
}
