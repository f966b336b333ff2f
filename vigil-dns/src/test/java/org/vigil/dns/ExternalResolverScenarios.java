package org.vigil.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vigil.core.catalogue.ServiceCatalogue;

/**
 * The scenarios against a resolver the provider already runs (BIND, Unbound, PowerDNS): Vigil
 * serves the zones and keeps that resolver's bindings in step. Subclasses start the resolver and
 * say how it is bound; this class runs the Vigil side the same way for all of them.
 */
abstract class ExternalResolverScenarios extends EnforcementScenarios {

  private DnsEnforcement vigil;

  /**
   * Starts Vigil's zone server writing {@code binding}; {@code unsignedTransfers} lists clients
   * that may transfer without TSIG (for resolvers that cannot sign transfers).
   */
  protected final void startVigil(
      DnsEnforcement.Bindings binding, List<ClientPrefix> unsignedTransfers)
      throws java.io.IOException {
    vigil =
        DnsEnforcement.start(
            new DnsEnforcement.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                null,
                RpzSettings.defaults(),
                TsigKey.generate("vigil-rpz"),
                unsignedTransfers,
                Optional.empty(),
                Duration.ZERO,
                Optional.of(binding),
                List.of(),
                Duration.ZERO,
                4),
            ServiceCatalogue.bundled(),
            registry,
            clock);
  }

  /** Stops the resolver process started by {@link #start}. */
  protected abstract void stopResolver();

  @Override
  protected final void applyRegistryChange() {
    vigil.refreshBindings();
  }

  @Override
  protected final void publish(ServiceCatalogue catalogue) {
    vigil.publish(catalogue);
  }

  @Override
  protected final void stop() {
    stopResolver();
    if (vigil != null) {
      vigil.close();
    }
  }
}
