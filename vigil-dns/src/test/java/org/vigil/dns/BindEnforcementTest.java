package org.vigil.dns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vigil.dns.support.BindProcess;
import org.vigil.dns.support.ResolverProcess;

/** The scenarios against BIND 9 with Vigil's views, zones transferred from Vigil with TSIG. */
class BindEnforcementTest extends ExternalResolverScenarios {
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
    startVigil(binding, List.of());
    bind.configure();
    bind.start();
    return bind.address();
  }

  @Override
  protected void stopResolver() {
    if (bind != null) {
      bind.close();
    }
  }
}
