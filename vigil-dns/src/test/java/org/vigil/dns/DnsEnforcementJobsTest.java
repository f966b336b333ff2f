package org.vigil.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.jobs.PeriodicJob;
import org.vigil.dns.support.InMemoryRestrictedClients;

/**
 * The bindings' safety-net regeneration is a job for the process's one scheduler, not a timer of
 * DnsEnforcement's own: with a register that announces nothing, only running the job brings a new
 * order into the resolver's bindings.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class DnsEnforcementJobsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;

  private DnsEnforcement start(InMemoryRestrictedClients clients, Duration interval)
      throws Exception {
    return DnsEnforcement.start(
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
                    ResolverBindings.Kind.UNBOUND,
                    dir.resolve("bindings"),
                    List.of(),
                    null,
                    dir + "/",
                    Optional.empty())),
            List.of(),
            interval,
            2),
        ServiceCatalogue.bundled(),
        clients,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void bindingsJob_picksUpAnOrderTheRegisterNeverAnnounced() throws Exception {
    InMemoryRestrictedClients clients = new InMemoryRestrictedClients();
    try (DnsEnforcement enforcement = start(clients, Duration.ofSeconds(30))) {
      List<PeriodicJob> jobs = enforcement.jobs();
      assertThat(jobs).extracting(PeriodicJob::name).containsExactly("dns-bindings-refresh");
      assertThat(jobs.get(0).every()).isEqualTo(Duration.ofSeconds(30));
      Path file = dir.resolve("bindings").resolve(UnboundBindings.FILE);
      assertThat(Files.readString(file)).doesNotContain("198.51.100.23");

      clients.addOrder(
          "co_1",
          "line-a",
          Set.of(ServiceCategory.MESSAGING),
          NOW.minus(Duration.ofDays(1)),
          NOW.plus(Duration.ofDays(1)));
      clients.mapLine("line-a", "198.51.100.23");
      assertThat(Files.readString(file)).doesNotContain("198.51.100.23");

      jobs.get(0).run();
      assertThat(Files.readString(file)).contains("198.51.100.23");
    }
  }

  @Test
  void jobs_zeroInterval_none() throws Exception {
    try (DnsEnforcement enforcement = start(new InMemoryRestrictedClients(), Duration.ZERO)) {
      assertThat(enforcement.jobs()).isEmpty();
    }
  }
}
