package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.courtorders.ComplianceReport;
import org.vigil.core.courtorders.CourtOrder;
import org.vigil.core.courtorders.CourtOrderAudit;
import org.vigil.core.courtorders.CourtOrderEvent;
import org.vigil.core.courtorders.CourtOrderRegistry;
import org.vigil.core.courtorders.CourtOrderRequest;
import org.vigil.core.courtorders.DenialCount;
import org.vigil.core.courtorders.IdentifierNormaliser;
import org.vigil.core.courtorders.IdentifierPseudonymiser;
import org.vigil.core.courtorders.IdentifierType;
import org.vigil.core.courtorders.RestrictedClient;

/** The court-order registry on its JDBC store, against a real PostgreSQL server. */
class JdbcCourtOrderStoreTest {

  private static final Instant CREATED = Instant.parse("2026-01-20T10:00:00Z");
  private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
  private static final Instant END = Instant.parse("2028-02-01T00:00:00Z");

  static List<TestDatabases.Kind> databases() {
    return TestDatabases.all();
  }

  private static CourtOrderRegistry registry(Database db, Instant now, int keySeed) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) keySeed);
    return new CourtOrderRegistry(
        new JdbcCourtOrderStore(db),
        new IdentifierPseudonymiser(key),
        new IdentifierNormaliser("ES"),
        Clock.fixed(now, ZoneOffset.UTC),
        CourtOrderAudit.none());
  }

  private static CourtOrder create(CourtOrderRegistry registry) {
    Map<IdentifierType, List<String>> subject = new EnumMap<>(IdentifierType.class);
    subject.put(IdentifierType.EMAIL, List.of("offender@example.com", "alias@example.com"));
    subject.put(IdentifierType.PHONE, List.of("612 345 678"));
    subject.put(IdentifierType.SUBSCRIBER_LINE, List.of("LINE-0042"));
    return registry.create(
        new CourtOrderRequest(
            "Juzgado de lo Penal n.º 3 de Madrid",
            "PA 123/2025",
            "Art. 48 CP",
            "2026-01-15",
            START.toString(),
            END.toString(),
            List.of("social_network", "messaging"),
            subject,
            "notified to the regulator",
            null),
        "key:admin");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void registry_restart_reloadsEverythingFromTheStore(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      CourtOrder order = create(registry(db, CREATED, 1));
      CourtOrderRegistry active = registry(db, START.plusSeconds(60), 1);
      assertThat(active.updateSubscriberAddress("LINE-0042", "2001:db8:aa00::/56", "key:radius"))
          .isEqualTo(CourtOrderRegistry.AddressUpdate.RECORDED);
      assertThat(active.sweep()).isEqualTo(1);

      CourtOrderRegistry restarted = registry(db, START.plusSeconds(120), 1);
      assertThat(restarted.get(order.id())).isEqualTo(order);
      assertThat(restarted.activeAt(START.plusSeconds(120)))
          .containsExactly(
              new RestrictedClient(
                  "2001:db8:aa00::/56",
                  java.util.Set.of(ServiceCategory.SOCIAL_NETWORK, ServiceCategory.MESSAGING),
                  order.id()));
      assertThat(
              restarted.match(
                  Map.of(IdentifierType.EMAIL, "Alias@Example.com"), ServiceCategory.MESSAGING))
          .hasSize(1);
      assertThat(restarted.sweep()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void store_holdsNoIdentifierInClear(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      create(registry(db, CREATED, 1));
      registry(db, START, 1).updateSubscriberAddress("LINE-0042", "198.51.100.7", "key:radius");
      Jdbi jdbi = db.jdbi();
      String everything =
          jdbi.withHandle(
              h ->
                  String.join(
                      "\n",
                      h.createQuery("SELECT * FROM court_orders").mapToMap().list().toString(),
                      h.createQuery("SELECT * FROM court_order_identifiers")
                          .mapToMap()
                          .list()
                          .toString(),
                      h.createQuery("SELECT * FROM court_order_events")
                          .mapToMap()
                          .list()
                          .toString(),
                      h.createQuery("SELECT * FROM subscriber_addresses")
                          .mapToMap()
                          .list()
                          .toString(),
                      h.createQuery("SELECT * FROM subscriber_address_changes")
                          .mapToMap()
                          .list()
                          .toString()));
      assertThat(everything)
          .contains("PA 123/2025")
          .contains("198.51.100.7")
          .doesNotContain("offender")
          .doesNotContain("612345678")
          .doesNotContain("612 345 678")
          .doesNotContain("LINE-0042");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void complianceReport_denialsRevocationAndAddresses_countedFromTheStore(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      CourtOrder order = create(registry(db, CREATED, 1));
      Map<IdentifierType, String> offender = Map.of(IdentifierType.EMAIL, "offender@example.com");
      Instant day1 = Instant.parse("2026-03-01T08:00:00Z");
      registry(db, day1, 1).enforce(offender, ServiceCategory.SOCIAL_NETWORK, "signup");
      registry(db, day1.plusSeconds(3600), 1)
          .enforce(offender, ServiceCategory.SOCIAL_NETWORK, "login");
      registry(db, day1.plusSeconds(7200), 1).enforce(offender, ServiceCategory.MESSAGING, "login");
      registry(db, Instant.parse("2026-03-03T23:59:59Z"), 1)
          .enforce(
              Map.of(IdentifierType.PHONE, "+34612345678"), ServiceCategory.MESSAGING, "login");
      CourtOrderRegistry later = registry(db, Instant.parse("2026-04-01T00:00:00Z"), 1);
      later.updateSubscriberAddress("LINE-0042", "198.51.100.7", "key:radius");
      later.updateSubscriberAddress("LINE-0042", "198.51.100.8", "key:radius");
      later.recordDnsBindingRegeneration("bind-test", List.of(order.id()));
      later.revoke(order.id(), "overturned", "key:admin");

      ComplianceReport report =
          registry(db, Instant.parse("2026-04-02T00:00:00Z"), 1).complianceReport(order.id());
      assertThat(report.denials())
          .containsExactly(
              new DenialCount(LocalDate.parse("2026-03-01"), ServiceCategory.SOCIAL_NETWORK, 2),
              new DenialCount(LocalDate.parse("2026-03-01"), ServiceCategory.MESSAGING, 1),
              new DenialCount(LocalDate.parse("2026-03-03"), ServiceCategory.MESSAGING, 1));
      assertThat(report.totalDenials()).isEqualTo(4);
      assertThat(report.history())
          .extracting(CourtOrderEvent::kind)
          .containsExactly(
              CourtOrderEvent.Kind.CREATED,
              CourtOrderEvent.Kind.DNS_BINDINGS_REGENERATED,
              CourtOrderEvent.Kind.REVOKED);
      assertThat(report.addressChanges())
          .extracting(c -> c.address())
          .containsExactly("198.51.100.7", "198.51.100.8");
      assertThat(report.order().revocationReason()).isEqualTo("overturned");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void registry_startedWithAnotherKey_refusesToStart(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      create(registry(db, CREATED, 1));
      assertThatThrownBy(() -> registry(db, CREATED, 2))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("HMAC key differs");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void reloadIfChanged_twoNodesOnOneDatabase_converge(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      CourtOrderRegistry nodeA = registry(db, START.plusSeconds(10), 1);
      CourtOrderRegistry nodeB = registry(db, START.plusSeconds(10), 1);
      assertThat(nodeB.reloadIfChanged()).isFalse();

      CourtOrder order = create(nodeA);
      nodeA.updateSubscriberAddress("LINE-0042", "198.51.100.7", "key:radius");
      assertThat(nodeB.activeAt(START.plusSeconds(10))).isEmpty();

      assertThat(nodeB.reloadIfChanged()).isTrue();
      assertThat(nodeB.activeAt(START.plusSeconds(10)))
          .extracting(RestrictedClient::orderId)
          .containsExactly(order.id());
      // Node A's own writes, read back from the database, are not news to node A.
      assertThat(nodeA.reloadIfChanged()).isFalse();
      assertThat(nodeB.reloadIfChanged()).isFalse();
    }
  }
}
