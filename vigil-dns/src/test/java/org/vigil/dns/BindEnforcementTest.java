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
import org.vigil.dns.support.BindProcess;
import org.vigil.dns.support.ResolverProcess;

/** The scenarios against BIND 9 with Vigil's views, zones transferred from Vigil with TSIG. */
class BindEnforcementTest extends EnforcementScenarios {
  private DnsEnforcement vigil;
  private BindProcess bind;

  @Override
  protected void assumeInstalled() {
    assumeTrue(ResolverProcess.installed("named"), "BIND (named) not installed");
    assumeTrue(ResolverProcess.installed("rndc"), "rndc not installed");
  }

  @Override
  protected InetSocketAddress start(Path dir) throws IOException {
    Path bindings = dir.resolve("bindings");
    bind = new BindProcess(dir, authority.address(), bindings.resolve(BindBindings.FILE));
    DnsEnforcement.Bindings binding =
        new DnsEnforcement.Bindings(
            ResolverBindings.Kind.BIND,
            bindings,
            bind.rndc("reconfig"),
            bind.address(),
            dir + "/",
            Optional.empty());
    vigil =
        DnsEnforcement.start(
            new DnsEnforcement.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                null,
                RpzSettings.defaults(),
                TsigKey.generate("vigil-rpz"),
                List.of(),
                Optional.empty(),
                Duration.ZERO,
                Optional.of(binding),
                List.of(),
                Duration.ZERO,
                4),
            ServiceCatalogue.bundled(),
            registry,
            clock);
    bind.configure();
    bind.start();
    return bind.address();
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
    if (bind != null) {
      bind.close();
    }
    if (vigil != null) {
      vigil.close();
    }
  }
}
