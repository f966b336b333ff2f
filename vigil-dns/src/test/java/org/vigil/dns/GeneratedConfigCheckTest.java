package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.RestrictedClient;
import org.vigil.dns.support.ResolverProcess;

/** Generated resolver configuration accepted by the resolvers' own checkers. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GeneratedConfigCheckTest {
  private static final RestrictedClientIndex CLIENTS =
      RestrictedClientIndex.of(
          List.of(
              new RestrictedClient("192.0.2.7", Set.of(ServiceCategory.SOCIAL_NETWORK), "o-1"),
              new RestrictedClient(
                  "192.0.2.8",
                  Set.of(ServiceCategory.SOCIAL_NETWORK, ServiceCategory.MESSAGING),
                  "o-2"),
              new RestrictedClient(
                  "2001:db8:1200::/56", Set.of(ServiceCategory.SOCIAL_NETWORK), "o-3")));

  private final BindingContext context =
      new BindingContext(
          new InetSocketAddress("127.0.0.1", 5300),
          RpzSettings.defaults(),
          TsigKey.generate("vigil-rpz"),
          "/var/cache/bind/",
          Optional.empty());

  @Test
  void bind_views_groupByCategorySetAndPassNamedCheckconf(@TempDir Path dir) throws IOException {
    Map<String, String> files = new BindBindings(context).files(CLIENTS);
    String conf = files.get(BindBindings.FILE);
    assertThat(BindBindings.views(CLIENTS)).hasSize(2);
    assertThat(conf)
        .contains("view \"vigil-restricted-social_network\"")
        .contains("view \"vigil-restricted-social_network+messaging\"")
        .contains("2001:db8:1200::/56;")
        .contains("key \"r01.vigil-rpz\"")
        .contains("primaries { 127.0.0.1 port 5300 key \"r03.vigil-rpz\"; }");
    assertThat(conf.indexOf("view \"vigil-default\""))
        .isGreaterThan(conf.lastIndexOf("view \"vigil-restricted"));
    assumeTrue(ResolverProcess.installed("named-checkconf"), "named-checkconf not installed");
    Path file = dir.resolve("named.conf");
    Files.writeString(file, conf);
    ResolverProcess.run(List.of("named-checkconf", file.toString()));
  }

  @Test
  void unbound_tagsPerAddressAndPassUnboundCheckconf(@TempDir Path dir) throws IOException {
    String conf = new UnboundBindings(context).files(CLIENTS).get(UnboundBindings.FILE);
    assertThat(conf)
        .contains("access-control-tag: 192.0.2.8/32 \"vigil_social_network vigil_messaging\"")
        .contains("access-control-tag: 2001:db8:1200::/56 \"vigil_social_network\"")
        .contains("tags: \"vigil_forum\"");
    assumeTrue(ResolverProcess.installed("unbound-checkconf"), "unbound-checkconf not installed");
    Path file = dir.resolve("unbound.conf");
    Files.writeString(
        file,
        "server:\n\tusername: \"\"\n\tchroot: \"\"\n\tdirectory: \""
            + dir
            + "\"\n\tmodule-config: \"respip iterator\"\ninclude: \""
            + dir.resolve("vigil.conf")
            + "\"\n");
    Files.writeString(dir.resolve("vigil.conf"), conf);
    ResolverProcess.run(List.of("unbound-checkconf", file.toString()));
  }

  @Test
  void powerdns_eachCategoryDiscardedOutsideItsClients() {
    Map<String, String> files = new PowerDnsBindings(context).files(CLIENTS);
    assertThat(files.get(PowerDnsBindings.CONFIG_FILE))
        .contains("rpzPrimary({\"127.0.0.1:5300\"}, \"messaging.rpz.vigil.\"")
        .contains("tsigname=\"pdns.vigil-rpz\"");
    assertThat(files.get(PowerDnsBindings.SCRIPT_FILE))
        .contains("vigilClients[\"messaging\"]:addMask(\"192.0.2.8/32\")")
        .doesNotContain("vigilClients[\"messaging\"]:addMask(\"192.0.2.7/32\")")
        .contains("dq:discardPolicy(\"vigil-\" .. c)");
  }

  @Test
  void bindings_sameClients_identicalOutputSoNoSpuriousReload() {
    BindBindings bind = new BindBindings(context);
    assertThat(bind.files(CLIENTS)).isEqualTo(bind.files(CLIENTS));
  }
}
