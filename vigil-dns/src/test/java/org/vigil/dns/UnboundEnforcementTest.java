package org.vigil.dns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.dns.support.ResolverProcess;
import org.vigil.dns.support.UnboundProcess;

/**
 * The scenarios against Unbound with Vigil's tags: zones transferred (unsigned, Unbound has no TSIG
 * for transfers) from Vigil to rpz clauses limited by tags, clients tagged by address.
 */
class UnboundEnforcementTest extends EnforcementScenarios {
  private DnsEnforcement vigil;
  private UnboundProcess unbound;

  @Override
  protected void assumeInstalled() {
    assumeTrue(ResolverProcess.installed("unbound"), "unbound not installed");
  }

  @Override
  protected InetSocketAddress start(Path dir) throws IOException {
    Path bindings = dir.resolve("bindings");
    unbound = new UnboundProcess(dir, authority.address(), bindings.resolve(UnboundBindings.FILE));
    DnsEnforcement.Bindings binding =
        new DnsEnforcement.Bindings(
            ResolverBindings.Kind.UNBOUND,
            bindings,
            List.of("sh", "-c", "kill -HUP $(cat " + dir.resolve("unbound.pid") + ")"),
            unbound.address(),
            dir + "/",
            Optional.empty());
    vigil =
        DnsEnforcement.start(
            new DnsEnforcement.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                null,
                RpzSettings.defaults(),
                TsigKey.generate("vigil-rpz"),
                List.of(ClientPrefix.parse("127.0.0.1")),
                Optional.empty(),
                Duration.ZERO,
                Optional.of(binding),
                List.of(),
                Duration.ZERO,
                4),
            ServiceCatalogue.bundled(),
            registry,
            clock);
    unbound.configure();
    unbound.start();
    return unbound.address();
  }

  @Override
  protected void applyRegistryChange() {
    vigil.refreshBindings();
  }

  @Override
  protected void publish(ServiceCatalogue catalogue) {
    vigil.publish(catalogue);
  }

  @Override
  protected void stop() {
    if (unbound != null) {
      unbound.close();
    }
    if (vigil != null) {
      vigil.close();
    }
  }
}
