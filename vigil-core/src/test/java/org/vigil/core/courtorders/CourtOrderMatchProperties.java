package org.vigil.core.courtorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.vigil.core.testing.Gens.listsOf;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.testing.MutableClock;

/**
 * The registry's hash-set matching against the obvious reference: scan every order, compare every
 * normalised identifier in clear, check dates and scope.
 */
class CourtOrderMatchProperties {

  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  /** An order in clear, as the reference sees it. */
  record PlainOrder(
      List<String> emails,
      List<String> devices,
      List<ServiceCategory> scope,
      int startDay,
      int lengthDays) {}

  /** A query: one email and one device id, a category, a day. */
  record Query(String email, String device, ServiceCategory category, int day) {}

  static Gen<PlainOrder> orders() {
    Gen<String> emails = arbitrary().pick("a@x.es", "b@x.es", "c@x.es", "d@x.es", "e@x.es");
    Gen<String> devices = arbitrary().pick("d1", "d2", "d3", "d4");
    return listsOf(emails, 0, 2)
        .zip(
            listsOf(devices, 0, 2),
            listsOf(arbitrary().enumValues(ServiceCategory.class), 1, 3),
            integers().between(0, 20),
            integers().between(1, 20),
            PlainOrder::new)
        .assuming(o -> !o.emails().isEmpty() || !o.devices().isEmpty());
  }

  static Gen<Query> queries() {
    return arbitrary()
        .pick("a@x.es", "B@X.ES", "c@x.es", "z@x.es")
        .zip(
            arbitrary().pick("D1", "d2", "d9"),
            arbitrary().enumValues(ServiceCategory.class),
            integers().between(0, 45),
            Query::new);
  }

  @Test
  void match_equalsLinearScanInClear() {
    qt().withExamples(200)
        .forAll(listsOf(orders(), 0, 6), listsOf(queries(), 1, 10), booleans().all())
        .checkAssert(CourtOrderMatchProperties::checkAgainstLinearScan);
  }

  private static void checkAgainstLinearScan(
      List<PlainOrder> orders, List<Query> queries, boolean revokeFirst) {
    MutableClock clock = new MutableClock(BASE);
    byte[] key = new byte[32];
    key[0] = 1;
    CourtOrderRegistry registry =
        new CourtOrderRegistry(
            new InMemoryCourtOrderStore(),
            new IdentifierPseudonymiser(key),
            new IdentifierNormaliser("ES"),
            clock,
            CourtOrderAudit.none());
    List<String> ids = new ArrayList<>();
    for (PlainOrder o : orders) {
      Map<IdentifierType, List<String>> subject = new EnumMap<>(IdentifierType.class);
      subject.put(IdentifierType.EMAIL, o.emails());
      subject.put(IdentifierType.DEVICE_ID, o.devices());
      Instant start = BASE.plus(Duration.ofDays(o.startDay()));
      ids.add(
          registry
              .create(
                  new CourtOrderRequest(
                      "c",
                      "case-" + ids.size(),
                      null,
                      "2026-01-01",
                      start.toString(),
                      start.plus(Duration.ofDays(o.lengthDays())).toString(),
                      o.scope().stream().map(ServiceCategory::wireName).toList(),
                      subject,
                      null,
                      null),
                  "t")
              .id());
    }
    if (revokeFirst && !ids.isEmpty()) {
      registry.revoke(ids.get(0), null, "t");
    }
    for (Query q : queries) {
      Instant now = BASE.plus(Duration.ofDays(q.day())).plusSeconds(1);
      clock.set(now);
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < orders.size(); i++) {
        PlainOrder o = orders.get(i);
        boolean named =
            o.emails().contains(q.email().toLowerCase(java.util.Locale.ROOT))
                || o.devices().contains(q.device().toLowerCase(java.util.Locale.ROOT));
        int from = o.startDay();
        boolean live = q.day() >= from && q.day() < from + o.lengthDays();
        boolean revoked = revokeFirst && i == 0;
        if (named && live && !revoked && o.scope().contains(q.category())) {
          expected.add(ids.get(i));
        }
      }
      Map<IdentifierType, String> actor =
          Map.of(IdentifierType.EMAIL, q.email(), IdentifierType.DEVICE_ID, q.device());
      Set<String> actual = new HashSet<>();
      registry.match(actor, q.category()).forEach(m -> actual.add(m.orderId()));
      assertThat(actual).isEqualTo(expected);
    }
  }
}
