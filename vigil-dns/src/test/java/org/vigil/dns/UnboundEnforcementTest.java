package org.vigil.dns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.vigil.dns.support.ResolverProcess;
import org.vigil.dns.support.UnboundProcess;

/**
 * The scenarios against Unbound with Vigil's tags: zones transferred (unsigned, Unbound has no TSIG
 * for transfers) from Vigil to rpz clauses limited by tags, clients tagged by address.
 */
class UnboundEnforcementTest extends ExternalResolverScenarios {
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
    startVigil(binding, List.of(ClientPrefix.parse("127.0.0.1")));
    unbound.configure();
    unbound.start();
    return unbound.address();
  }

  @Override
  protected void stopResolver() {
    if (unbound != null) {
      unbound.close();
    }
  }
}
