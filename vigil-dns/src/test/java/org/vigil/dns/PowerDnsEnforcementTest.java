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
import org.vigil.dns.support.PowerDnsProcess;
import org.vigil.dns.support.ResolverProcess;

/** The scenarios against PowerDNS Recursor with Vigil's Lua configuration and policy script. */
class PowerDnsEnforcementTest extends EnforcementScenarios {
  private DnsEnforcement vigil;
  private PowerDnsProcess pdns;

  @Override
  protected void assumeInstalled() {
    assumeTrue(ResolverProcess.installed("pdns_recursor"), "pdns_recursor not installed");
    assumeTrue(ResolverProcess.installed("rec_control"), "rec_control not installed");
  }

  @Override
  protected InetSocketAddress start(Path dir) throws IOException {
    Path bindings = dir.resolve("bindings");
    pdns = new PowerDnsProcess(dir, authority.address(), bindings);
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
                Optional.of(
                    new DnsEnforcement.Bindings(
                        ResolverBindings.Kind.POWERDNS,
                        bindings,
                        pdns.reloadCommand(),
                        pdns.address(),
                        dir + "/",
                        Optional.empty())),
                List.of(),
                Duration.ZERO,
                4),
            ServiceCatalogue.bundled(),
            registry,
            clock);
    pdns.configure();
    pdns.start();
    return pdns.address();
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
  protected void afterPublish() {
    try {
      ResolverProcess.run(pdns.reloadLuaConfigCommand());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  protected void stop() {
    if (pdns != null) {
      pdns.close();
    }
    if (vigil != null) {
      vigil.close();
    }
  }
}
