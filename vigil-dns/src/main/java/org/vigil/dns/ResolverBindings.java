package org.vigil.dns;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.core.catalogue.ServiceCategory;

/**
 * Configuration that makes one kind of resolver apply the category zones only to the subscribers
 * under an active order. Regenerated whenever the restricted client list changes.
 */
public interface ResolverBindings {

  /** Generated files by name, in the order an operator would read them. */
  Map<String, String> files(RestrictedClientIndex clients);

  /** The command that makes a running resolver pick up regenerated files. */
  String reloadCommand();

  /**
   * Where and how to send NOTIFY for a changed zone of {@code category}, given the resolver's
   * address: one target per copy of the zone the resolver keeps (BIND keeps one per view).
   */
  List<NotifyTarget> notifyTargets(
      ServiceCategory category, RestrictedClientIndex clients, InetSocketAddress resolver);

  /** One NOTIFY to send: the resolver's address and the key to sign with, or null for none. */
  record NotifyTarget(InetSocketAddress address, TsigKey key) {}

  /** The supported resolvers, by their CLI name. */
  enum Kind {
    BIND,
    UNBOUND,
    POWERDNS;

    public static Kind fromName(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown resolver '" + name + "'; expected bind, unbound or powerdns", e);
      }
    }

    /** The generator for this kind. */
    public ResolverBindings bindings(BindingContext context) {
      return switch (this) {
        case BIND -> new BindBindings(context);
        case UNBOUND -> new UnboundBindings(context);
        case POWERDNS -> new PowerDnsBindings(context);
      };
    }
  }
}
