package org.vigil.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vigil.core.catalogue.ServiceCatalogue;

/** The scenarios against Vigil's own forwarding resolver ({@code vigil dns serve --resolve}). */
class VigilResolverEnforcementTest extends EnforcementScenarios {
  private DnsEnforcement vigil;

  @Override
  protected void assumeInstalled() {
    // Nothing to install: the resolver is Vigil itself.
  }

  @Override
  protected InetSocketAddress start(Path dir) throws IOException {
    vigil =
        DnsEnforcement.start(
            new DnsEnforcement.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                null,
                RpzSettings.defaults(),
                null,
                List.of(),
                Optional.of(authority.address()),
                Duration.ZERO,
                Optional.empty(),
                List.of(),
                Duration.ZERO,
                8),
            ServiceCatalogue.bundled(),
            registry,
            clock);
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), vigil.port());
  }

  @Override
  protected void applyRegistryChange() {
    // The resolver reads the registry at query time (refresh interval zero here).
  }

  @Override
  protected void publish(ServiceCatalogue catalogue) {
    vigil.publish(catalogue);
  }

  @Override
  protected void stop() {
    if (vigil != null) {
      vigil.close();
    }
  }
}
