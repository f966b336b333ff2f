package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.courtorders.CourtOrder;
import org.vigil.core.courtorders.CourtOrderAudit;
import org.vigil.core.courtorders.CourtOrderEvent;
import org.vigil.core.courtorders.CourtOrderRegistry;
import org.vigil.core.courtorders.CourtOrderRequest;
import org.vigil.core.courtorders.IdentifierNormaliser;
import org.vigil.core.courtorders.IdentifierPseudonymiser;
import org.vigil.core.courtorders.IdentifierType;
import org.vigil.core.courtorders.InMemoryCourtOrderStore;
import org.vigil.core.testing.MutableClock;
import org.vigil.dns.support.BindProcess;
import org.vigil.dns.support.Probe;
import org.vigil.dns.support.ResolverProcess;
import org.vigil.dns.support.TestAuthority;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The walk-through of docs/dns.md, end to end through the real court-order registry: a two-year
 * order on a subscriber line, the line's address reported as by RADIUS accounting, Vigil
 * regenerating BIND's views on the registry's own change events, queries through BIND.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CourtOrderBindEndToEndTest {
  private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant END = Instant.parse("2028-12-01T00:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final MutableClock clock = new MutableClock(NOW);
  private final InMemoryCourtOrderStore store = new InMemoryCourtOrderStore();
  private TestAuthority authority;
  private DnsEnforcement vigil;
  private BindProcess bind;
  private Path dir;

  @AfterEach
  void stop() {
    if (bind != null) {
      bind.close();
    }
    if (vigil != null) {
      vigil.close();
    }
    if (authority != null) {
      authority.close();
    }
    ResolverProcess.deleteTree(dir);
  }

  @Test
  void twoYearOrder_registryDrivesBindFromStartToEndAndFollowsTheLine() throws IOException {
    assumeTrue(ResolverProcess.installed("named"), "BIND (named) not installed");
    byte[] hmacKey = new byte[32];
    Arrays.fill(hmacKey, (byte) 7);
    CourtOrderRegistry registry =
        new CourtOrderRegistry(
            store,
            new IdentifierPseudonymiser(hmacKey),
            new IdentifierNormaliser("GB"),
            clock,
            CourtOrderAudit.none());
    Map<IdentifierType, List<String>> subject = new EnumMap<>(IdentifierType.class);
    subject.put(IdentifierType.SUBSCRIBER_LINE, List.of("LINE-0042"));
    CourtOrder order =
        registry.create(
            new CourtOrderRequest(
                "Example Family Court",
                "FC-2026-0117",
                "test order",
                "2026-11-20",
                START.toString(),
                END.toString(),
                List.of("social_network", "messaging"),
                subject,
                null,
                null),
            "admin");
    assertThat(registry.updateSubscriberAddress("LINE-0042", "127.0.0.2", "radius"))
        .isEqualTo(CourtOrderRegistry.AddressUpdate.RECORDED);

    dir = Files.createTempDirectory("vigil-dns-e2e");
    authority = TestAuthority.start(InetAddress.getLoopbackAddress());
    Path bindings = dir.resolve("bindings");
    bind = new BindProcess(dir, authority.address(), bindings.resolve(BindBindings.FILE));
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
                        ResolverBindings.Kind.BIND,
                        bindings,
                        bind.rndc("reconfig"),
                        bind.address(),
                        dir + "/",
                        Optional.empty())),
                List.of(),
                Duration.ZERO,
                4),
            ServiceCatalogue.bundled(),
            registry,
            clock);
    bind.configure();
    bind.start();
    InetSocketAddress resolver = bind.address();

    // Before the order starts: nothing is restricted.
    assertThat(Probe.query(resolver, "127.0.0.2", "facebook.com", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(Files.readString(bindings.resolve(BindBindings.FILE))).doesNotContain("127.0.0.2");

    // The order starts; the registry's sweep announces it and Vigil regenerates on its own.
    clock.set(START);
    registry.sweep();
    assertThat(await(resolver, "127.0.0.2", "facebook.com", Rcode.NXDOMAIN).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
    assertThat(await(resolver, "127.0.0.2", "web.whatsapp.com", Rcode.NXDOMAIN).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
    // YouTube is also a social network, so the order covers it; Vimeo only shares videos.
    assertThat(await(resolver, "127.0.0.2", "youtube.com", Rcode.NXDOMAIN).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
    assertThat(Probe.query(resolver, "127.0.0.2", "vimeo.com", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(Probe.query(resolver, "127.0.0.3", "facebook.com", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);

    // The subscriber reconnects with a new address: the restriction moves with the line.
    clock.set(START.plus(Duration.ofDays(100)));
    registry.updateSubscriberAddress("LINE-0042", "127.0.0.7", "radius");
    assertThat(await(resolver, "127.0.0.7", "facebook.com", Rcode.NXDOMAIN).getRcode())
        .isEqualTo(Rcode.NXDOMAIN);
    assertThat(await(resolver, "127.0.0.2", "facebook.com", Rcode.NOERROR).getRcode())
        .isEqualTo(Rcode.NOERROR);

    // Two years on, the order ends and the restriction disappears.
    clock.set(END);
    registry.sweep();
    assertThat(await(resolver, "127.0.0.7", "facebook.com", Rcode.NOERROR).getRcode())
        .isEqualTo(Rcode.NOERROR);
    assertThat(store.events(order.id()))
        .extracting(CourtOrderEvent::kind)
        .contains(CourtOrderEvent.Kind.DNS_BINDINGS_REGENERATED);
  }

  private static Message await(InetSocketAddress resolver, String source, String name, int rcode) {
    Predicate<Message> done = m -> m.getRcode() == rcode;
    return Probe.awaitAnswer(resolver, source, name, Type.A, done, WAIT);
  }
}
