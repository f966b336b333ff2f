package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.testing.MutableClock;
import org.vigil.dns.support.InMemoryRestrictedClients;
import org.vigil.dns.support.Probe;
import org.vigil.dns.support.TestAuthority;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The provider-enforcement scenarios, run against each resolver on loopback: the restricted
 * subscriber 127.0.0.2 loses the covered services, 127.0.0.3 keeps them, nothing leaks through the
 * cache, catalogue changes arrive by zone transfer, orders start and end with the clock and follow
 * the subscriber to a new address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class EnforcementScenarios {
  static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String RESTRICTED = "127.0.0.2";
  static final String UNRESTRICTED = "127.0.0.3";
  static final String TIMED = "127.0.0.4";
  static final String MOVER_OLD = "127.0.0.5";
  static final String MOVER_NEW = "127.0.0.6";
  static final Instant TIMED_START = T0.plus(Duration.ofDays(1));
  static final Instant TIMED_END = TIMED_START.plus(Duration.ofDays(730));

  protected final MutableClock clock = new MutableClock(T0);
  protected final InMemoryRestrictedClients registry = new InMemoryRestrictedClients();
  protected TestAuthority authority;
  protected Path directory;
  protected InetSocketAddress resolver;

  /** Starts Vigil and the resolver under test; returns where the resolver listens. */
  protected abstract InetSocketAddress start(Path directory) throws IOException;

  /** Makes the resolver apply the registry's current state (regenerate bindings, reload). */
  protected abstract void applyRegistryChange();

  /** Publishes a new catalogue to the running primary. */
  protected abstract void publish(ServiceCatalogue catalogue);

  /**
   * Whatever a resolver needs after a catalogue change besides NOTIFY (PowerDNS Recursor 4.8 does
   * not act on NOTIFY for RPZ; in production its 60 s refresh picks the change up).
   */
  protected void afterPublish() {}

  /** Stops what {@link #start} started. */
  protected abstract void stop();

  /** Skips the class when the resolver binary is absent on a developer machine. */
  protected abstract void assumeInstalled();

  @BeforeAll
  void startAll() throws IOException {
    assumeInstalled();
    directory = Files.createTempDirectory("vigil-dns-" + getClass().getSimpleName());
    authority = TestAuthority.start(java.net.InetAddress.getLoopbackAddress());
    registry.addOrder(
        "order-restricted",
        "line-a",
        Set.of(ServiceCategory.SOCIAL_NETWORK),
        T0.minus(Duration.ofDays(1)),
        T0.plus(Duration.ofDays(3650)));
    registry.mapLine("line-a", RESTRICTED);
    registry.addOrder(
        "order-timed", "line-b", Set.of(ServiceCategory.VIDEO_SHARING), TIMED_START, TIMED_END);
    registry.mapLine("line-b", TIMED);
    registry.addOrder(
        "order-mover",
        "line-c",
        Set.of(ServiceCategory.MESSAGING),
        T0.minus(Duration.ofDays(1)),
        T0.plus(Duration.ofDays(3650)));
    registry.mapLine("line-c", MOVER_OLD);
    resolver = start(directory);
    // The first policy load is asynchronous in real resolvers (zone transfer after start). Each
    // attempt asks a fresh name: an answer given before the zone arrived would stay in the
    // resolver's packet cache (PowerDNS 4.8 keeps one per thread) and the tests' own names with it.
    Message ready =
        Probe.awaitAnswer(
            resolver,
            RESTRICTED,
            attempt -> "ready" + attempt + ".facebook.com",
            Type.A,
            m -> m.getRcode() == Rcode.NXDOMAIN,
            WAIT);
    assertThat(ready.getRcode())
        .as("policy loaded: " + Probe.summary(ready))
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @AfterAll
  void stopAll() {
    stop();
    if (authority != null) {
      authority.close();
    }
    org.vigil.dns.support.ResolverProcess.deleteTree(directory);
  }

  @Test
  void restrictedClient_coveredServiceAndSubdomains_nxdomainForAAaaaAndHttps() {
    for (String name : List.of("facebook.com", "www.facebook.com", "a.b.instagram.com", "x.com")) {
      for (int type : new int[] {Type.A, Type.AAAA, Type.HTTPS}) {
        Message restricted = Probe.query(resolver, RESTRICTED, name, type);
        assertThat(restricted.getRcode())
            .as("%s %s from %s: %s", name, Type.string(type), RESTRICTED, Probe.summary(restricted))
            .isEqualTo(Rcode.NXDOMAIN);
        Message other = Probe.query(resolver, UNRESTRICTED, name, type);
        assertThat(other.getRcode()).as(Probe.summary(other)).isEqualTo(Rcode.NOERROR);
        assertThat(Probe.answers(other))
            .as("%s %s from %s", name, Type.string(type), UNRESTRICTED)
            .anyMatch(r -> r.getType() == type);
      }
    }
  }

  @Test
  void restrictedClient_serviceOfAnotherCategoryOrUnrelatedSite_resolves() {
    // YouTube is a social network too (it is in both zones); Vimeo only shares videos.
    for (String name : List.of("vimeo.com", "discord.com", "notfacebook.com", "example.org")) {
      Message answer = Probe.query(resolver, RESTRICTED, name, Type.A);
      assertThat(answer.getRcode())
          .as(name + ": " + Probe.summary(answer))
          .isEqualTo(Rcode.NOERROR);
      assertThat(Probe.answers(answer)).as(name).anyMatch(r -> r.getType() == Type.A);
    }
  }

  @Test
  void restrictedClient_bypassNames_blockedForRestrictedOnly() {
    for (String name :
        List.of("use-application-dns.net", "dns.google", "mask.icloud.com", "nordvpn.com")) {
      Message restricted = Probe.query(resolver, RESTRICTED, name, Type.A);
      assertThat(restricted.getRcode())
          .as(name + ": " + Probe.summary(restricted))
          .isEqualTo(Rcode.NXDOMAIN);
      Message other = Probe.query(resolver, UNRESTRICTED, name, Type.A);
      assertThat(other.getRcode()).as(name + ": " + Probe.summary(other)).isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void cache_unrestrictedAsksFirst_restrictedStillBlocked() {
    String name = "cache-first-unrestricted.facebook.com";
    Message other = Probe.query(resolver, UNRESTRICTED, name, Type.A);
    assertThat(Probe.answers(other)).as(Probe.summary(other)).isNotEmpty();
    Message again = Probe.query(resolver, UNRESTRICTED, name, Type.A);
    assertThat(Probe.answers(again)).isNotEmpty();
    Message restricted = Probe.query(resolver, RESTRICTED, name, Type.A);
    assertThat(restricted.getRcode()).as(Probe.summary(restricted)).isEqualTo(Rcode.NXDOMAIN);
    assertThat(Probe.answers(restricted)).isEmpty();
  }

  @Test
  void cache_restrictedAsksFirst_unrestrictedStillGetsRealAnswer() {
    String name = "cache-first-restricted.facebook.com";
    Message restricted = Probe.query(resolver, RESTRICTED, name, Type.A);
    assertThat(restricted.getRcode()).as(Probe.summary(restricted)).isEqualTo(Rcode.NXDOMAIN);
    Message other = Probe.query(resolver, UNRESTRICTED, name, Type.A);
    assertThat(other.getRcode()).as(Probe.summary(other)).isEqualTo(Rcode.NOERROR);
    assertThat(Probe.answers(other))
        .anyMatch(r -> r.rdataToString().equals(TestAuthority.ADDRESS_V4));
  }

  @Test
  void restrictedClient_versionName_showsCatalogueVersion() {
    Message answer =
        Probe.query(resolver, RESTRICTED, "social_network.catalogue.vigil.invalid", Type.TXT);
    assertThat(Probe.answers(answer))
        .as(Probe.summary(answer))
        .anyMatch(
            r ->
                r instanceof TXTRecord txt
                    && txt.getStrings()
                        .contains(
                            "vigil-catalogue-version=" + ServiceCatalogue.bundled().version()));
  }

  @Test
  void catalogueChange_reachesResolverByZoneTransfer() throws IOException {
    String added = "vigil-added-service.example";
    assertThat(Probe.query(resolver, RESTRICTED, added, Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
    publish(catalogueWith("vigil-added", "social_network", added));
    afterPublish();
    // A fresh name per attempt: what is measured is the zone reaching the resolver, not how long
    // an answer cached before the change lives (see docs/dns.md on PowerDNS's packet cache).
    long deadline = System.nanoTime() + WAIT.toNanos();
    Message blocked;
    int attempt = 0;
    do {
      blocked = Probe.query(resolver, RESTRICTED, "p" + attempt++ + ".www." + added, Type.A);
    } while (blocked.getRcode() != Rcode.NXDOMAIN && System.nanoTime() < deadline && pause());
    assertThat(blocked.getRcode()).as(Probe.summary(blocked)).isEqualTo(Rcode.NXDOMAIN);
    assertThat(Probe.query(resolver, UNRESTRICTED, "www." + added, Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  private static boolean pause() {
    try {
      Thread.sleep(200);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void order_startsAndEndsWithTheClock() {
    clock.set(T0);
    applyRegistryChange();
    assertThat(Probe.query(resolver, TIMED, "before.youtube.com", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);

    clock.set(TIMED_START);
    applyRegistryChange();
    Message during = awaitRcode(TIMED, "during.youtube.com", Type.A, Rcode.NXDOMAIN);
    assertThat(during.getRcode()).as(Probe.summary(during)).isEqualTo(Rcode.NXDOMAIN);
    assertThat(Probe.query(resolver, UNRESTRICTED, "during.youtube.com", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);

    clock.set(TIMED_END);
    applyRegistryChange();
    Message after = awaitRcode(TIMED, "during.youtube.com", Type.A, Rcode.NOERROR);
    assertThat(after.getRcode()).as(Probe.summary(after)).isEqualTo(Rcode.NOERROR);
    assertThat(Probe.answers(after)).isNotEmpty();
    clock.set(T0);
    applyRegistryChange();
  }

  @Test
  void subscriberMoves_restrictionFollowsTheLine() {
    applyRegistryChange();
    awaitRcode(MOVER_OLD, "t.me", Type.A, Rcode.NXDOMAIN);
    assertThat(Probe.query(resolver, MOVER_NEW, "t.me", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);

    registry.mapLine("line-c", MOVER_NEW);
    applyRegistryChange();
    Message moved = awaitRcode(MOVER_NEW, "t.me", Type.A, Rcode.NXDOMAIN);
    assertThat(moved.getRcode()).as(Probe.summary(moved)).isEqualTo(Rcode.NXDOMAIN);
    Message old = awaitRcode(MOVER_OLD, "t.me", Type.A, Rcode.NOERROR);
    assertThat(old.getRcode()).as(Probe.summary(old)).isEqualTo(Rcode.NOERROR);
    registry.mapLine("line-c", MOVER_OLD);
    applyRegistryChange();
  }

  protected Message awaitRcode(String source, String name, int type, int rcode) {
    Predicate<Message> done = m -> m.getRcode() == rcode;
    return Probe.awaitAnswer(resolver, source, name, type, done, WAIT);
  }

  /** The bundled catalogue with one more service appended. */
  static ServiceCatalogue catalogueWith(String id, String category, String domain)
      throws IOException {
    String yaml;
    try (InputStream in =
        ServiceCatalogue.class.getResourceAsStream(ServiceCatalogue.BUNDLED_RESOURCE)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    yaml +=
        "  - id: "
            + id
            + "\n    name: Added in a test\n    category: "
            + category
            + "\n    domains: ["
            + domain
            + "]\n    why: test\n    source: https://example.org/\n";
    try (InputStream in = new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))) {
      return ServiceCatalogue.parse(in, "test");
    }
  }
}
