package org.vigil.dns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vigil.dns.support.PowerDnsProcess;
import org.vigil.dns.support.ResolverProcess;

/** The scenarios against PowerDNS Recursor with Vigil's Lua configuration and policy script. */
class PowerDnsEnforcementTest extends ExternalResolverScenarios {
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
    startVigil(
        new DnsEnforcement.Bindings(
            ResolverBindings.Kind.POWERDNS,
            bindings,
            pdns.reloadCommand(),
            pdns.address(),
            dir + "/",
            Optional.empty()),
        List.of());
    pdns.configure();
    pdns.start();
    return pdns.address();
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
  protected void stopResolver() {
    if (pdns != null) {
      pdns.close();
    }
  }
}
