package org.vigil.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vigil.core.catalogue.CatalogueService;
import org.vigil.core.catalogue.ServiceCatalogue;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.RestrictedClient;
import org.vigil.dns.EnforcingResolver;
import org.vigil.dns.PublishedZones;
import org.vigil.dns.RestrictedClientIndex;
import org.vigil.dns.RpzSettings;
import org.vigil.dns.TransferPolicy;
import org.vigil.dns.ZoneRequestHandler;
import org.vigil.dns.ZoneSerials;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The per-query work of Vigil's enforcing resolver ({@code vigil dns serve --resolve}), without the
 * network: the policy decision alone (client lookup among N restricted addresses, then the host's
 * service by suffix walk), and a whole blocked query (parse, decide, NXDOMAIN on the wire).
 *
 * <pre>
 * mvn -B -q -pl vigil-bench -am package -DskipTests
 * java -jar vigil-bench/target/benchmarks.jar DnsPolicyBenchmark -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
public class DnsPolicyBenchmark {

  @Param({"10000"})
  public int restrictedClients;

  private RestrictedClientIndex index;
  private ServiceCatalogue catalogue;
  private InetAddress[] clients;
  private String[] hosts;
  private ZoneRequestHandler handler;
  private byte[] blockedQuery;
  private InetAddress blockedClient;
  private int next;

  @Setup
  public void setUp() throws IOException {
    catalogue = ServiceCatalogue.bundled();
    List<RestrictedClient> list = new ArrayList<>();
    for (int i = 0; i < restrictedClients; i++) {
      list.add(
          new RestrictedClient(
              "10." + ((i >> 16) & 0xFF) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF),
              EnumSet.of(ServiceCategory.SOCIAL_NETWORK, ServiceCategory.MESSAGING),
              "order-" + i));
    }
    index = RestrictedClientIndex.of(list);
    // Half the queries from restricted clients, half from others; hosts mixed covered/uncovered.
    clients = new InetAddress[1024];
    for (int i = 0; i < clients.length; i++) {
      clients[i] =
          InetAddress.getByName((i % 2 == 0 ? "10.0." : "172.16.") + (i >> 8) + "." + (i & 0xFF));
    }
    List<String> names = new ArrayList<>();
    for (CatalogueService service : catalogue.services()) {
      names.add("www." + service.domains().get(0));
      names.add("static.cdn." + service.domains().get(0));
    }
    int covered = names.size();
    for (int i = 0; i < covered; i++) {
      names.add("host" + i + ".example.org");
    }
    hosts = names.toArray(String[]::new);

    PublishedZones zones =
        new PublishedZones(RpzSettings.defaults(), new ZoneSerials(Clock.systemUTC()));
    zones.publish(catalogue);
    EnforcingResolver resolver =
        new EnforcingResolver(
            zones,
            now -> list,
            Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), java.time.ZoneOffset.UTC),
            Duration.ofHours(1),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
    handler = new ZoneRequestHandler(zones, new TransferPolicy(null, List.of()), resolver);
    blockedQuery =
        Message.newQuery(Record.newRecord(Name.fromString("www.facebook.com."), Type.A, DClass.IN))
            .toWire();
    blockedClient = InetAddress.getByName("10.0.0.7");
  }

  /** The decision for one (client, host) pair: restricted categories, then the host's service. */
  @Benchmark
  public boolean decide() {
    int i = next++;
    Set<ServiceCategory> categories = index.categoriesFor(clients[i & 1023]);
    if (categories.isEmpty()) {
      return false;
    }
    return catalogue
        .serviceForHost(hosts[(i >>> 10) % hosts.length])
        .map(s -> s.categories().stream().anyMatch(categories::contains))
        .orElse(false);
  }

  /** A whole blocked query: parse the wire message, decide, write the NXDOMAIN answer. */
  @Benchmark
  public int answerBlockedQuery() {
    return handler.handle(blockedQuery, blockedClient, false).get(0).length;
  }
}
