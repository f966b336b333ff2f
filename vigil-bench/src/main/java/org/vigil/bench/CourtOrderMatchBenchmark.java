package org.vigil.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.CourtOrder;
import org.vigil.core.courtorders.CourtOrderAudit;
import org.vigil.core.courtorders.CourtOrderEvent;
import org.vigil.core.courtorders.CourtOrderMatch;
import org.vigil.core.courtorders.CourtOrderRegistry;
import org.vigil.core.courtorders.IdentifierNormaliser;
import org.vigil.core.courtorders.IdentifierPseudonymiser;
import org.vigil.core.courtorders.IdentifierType;
import org.vigil.core.courtorders.InMemoryCourtOrderStore;

/**
 * The court-order check a decide call makes: normalise and HMAC each identifier, one hash lookup
 * each. The claim to check is that the cost does not grow with the number of orders.
 *
 * <p>Run: {@code java -jar vigil-bench/target/benchmarks.jar CourtOrderMatch}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CourtOrderMatchBenchmark {

  @Param({"1000", "100000"})
  public int orders;

  private CourtOrderRegistry registry;
  private Map<IdentifierType, String> stranger;
  private Map<IdentifierType, String> restricted;

  @Setup
  public void setUp() {
    byte[] key = new byte[32];
    key[0] = 42;
    IdentifierPseudonymiser pseudonymiser = new IdentifierPseudonymiser(key);
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    InMemoryCourtOrderStore store = new InMemoryCourtOrderStore();
    // Orders go straight into the store (hashed here), then the registry loads them once.
    for (int i = 0; i < orders; i++) {
      Map<IdentifierType, Set<String>> subject = new EnumMap<>(IdentifierType.class);
      subject.put(
          IdentifierType.EMAIL, Set.of(pseudonymiser.pseudonymise(IdentifierType.EMAIL, email(i))));
      subject.put(
          IdentifierType.PHONE, Set.of(pseudonymiser.pseudonymise(IdentifierType.PHONE, phone(i))));
      subject.put(
          IdentifierType.DEVICE_ID,
          Set.of(pseudonymiser.pseudonymise(IdentifierType.DEVICE_ID, "device-" + i)));
      CourtOrder order =
          new CourtOrder(
              "co-" + i,
              "court",
              "case-" + i,
              null,
              LocalDate.parse("2026-01-15"),
              Instant.parse("2026-02-01T00:00:00Z"),
              Instant.parse("2028-02-01T00:00:00Z"),
              Set.of(ServiceCategory.SOCIAL_NETWORK),
              subject,
              null,
              now,
              "bench",
              null,
              null,
              null);
      store.insert(
          order, new CourtOrderEvent(order.id(), CourtOrderEvent.Kind.CREATED, now, "b", ""));
    }
    registry =
        new CourtOrderRegistry(
            store,
            pseudonymiser,
            new IdentifierNormaliser("ES"),
            Clock.fixed(now, ZoneOffset.UTC),
            CourtOrderAudit.none());
    stranger =
        Map.of(
            IdentifierType.EMAIL,
            "Someone.Else@Example.org",
            IdentifierType.PHONE,
            "+34 699 000 111");
    restricted =
        Map.of(
            IdentifierType.EMAIL,
            email(orders / 2).toUpperCase(java.util.Locale.ROOT),
            IdentifierType.PHONE,
            "+34 600 000 001");
  }

  private static String email(int i) {
    return "person" + i + "@example.com";
  }

  private static String phone(int i) {
    return "+346" + String.format("%08d", i);
  }

  /** The common case: a person under no order, two identifiers. */
  @Benchmark
  public List<CourtOrderMatch> strangerWithEmailAndPhone() {
    return registry.match(stranger, ServiceCategory.SOCIAL_NETWORK);
  }

  /** A person under an order. */
  @Benchmark
  public List<CourtOrderMatch> restrictedPerson() {
    return registry.match(restricted, ServiceCategory.SOCIAL_NETWORK);
  }
}
