package org.vigil.core.courtorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.error.VigilException;
import org.vigil.core.testing.MutableClock;

class CourtOrderRegistryTest {

  private static final Instant T0 = Instant.parse("2026-01-20T10:00:00Z");
  private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
  private static final Instant END = Instant.parse("2028-02-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryCourtOrderStore store = new InMemoryCourtOrderStore();
  private final List<String> audited = new ArrayList<>();
  private final CourtOrderRegistry registry = newRegistry(store, key(7));

  private CourtOrderRegistry newRegistry(CourtOrderStore s, byte[] key) {
    return new CourtOrderRegistry(
        s,
        new IdentifierPseudonymiser(key),
        new IdentifierNormaliser("ES"),
        clock,
        (actor, action, subject, details) -> {
          audited.add(actor + " " + action + " " + subject + " " + details);
        });
  }

  private static byte[] key(int seed) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) seed);
    return key;
  }

  private static CourtOrderRequest request(
      Map<IdentifierType, List<String>> subject, List<String> scope) {
    return new CourtOrderRequest(
        "Juzgado de lo Penal n.º 3 de Madrid",
        "PA 123/2025",
        "Art. 48 Código Penal",
        "2026-01-15",
        START.toString(),
        END.toString(),
        scope,
        subject,
        null,
        null);
  }

  private CourtOrder createDefault() {
    Map<IdentifierType, List<String>> subject = new EnumMap<>(IdentifierType.class);
    subject.put(IdentifierType.EMAIL, List.of("Offender@Example.com"));
    subject.put(IdentifierType.PHONE, List.of("612 345 678"));
    subject.put(IdentifierType.SUBSCRIBER_LINE, List.of("LINE-0042"));
    return registry.create(request(subject, List.of("social_network", "messaging")), "admin-1");
  }

  private static Map<IdentifierType, String> email(String email) {
    return Map.of(IdentifierType.EMAIL, email);
  }

  @Test
  void create_validRequest_storesOnlyPseudonyms() {
    CourtOrder order = createDefault();

    assertThat(order.id()).startsWith("co-");
    assertThat(order.statusAt(T0)).isEqualTo(CourtOrderStatus.PENDING);
    assertThat(order.scope())
        .containsExactlyInAnyOrder(ServiceCategory.SOCIAL_NETWORK, ServiceCategory.MESSAGING);
    CourtOrder stored = store.loadOrders().get(0);
    assertThat(stored.toString())
        .doesNotContainIgnoringCase("offender@example.com")
        .doesNotContain("612345678")
        .doesNotContain("LINE-0042");
    assertThat(stored.pseudonyms(IdentifierType.EMAIL)).singleElement().asString().hasSize(64);
    assertThat(audited)
        .singleElement()
        .asString()
        .startsWith("admin-1 court_order.created court_order:co-");
    assertThat(String.join("\n", audited)).doesNotContainIgnoringCase("offender");
  }

  @Test
  void create_invalidFields_refusedNamingTheField() {
    Map<IdentifierType, List<String>> subject =
        Map.of(IdentifierType.PHONE, List.of("+34 612 345 678", "no number"));
    assertThatThrownBy(() -> registry.create(request(subject, List.of("social_network")), "a"))
        .isInstanceOf(VigilException.class)
        .extracting(e -> ((VigilException) e).field())
        .isEqualTo("subject.phones[1]");

    Map<IdentifierType, List<String>> ok = Map.of(IdentifierType.EMAIL, List.of("a@b.c"));
    assertThatThrownBy(() -> registry.create(request(ok, List.of("social_network", "casino")), "a"))
        .extracting(e -> ((VigilException) e).field())
        .isEqualTo("scope[1]");
    assertThatThrownBy(() -> registry.create(request(Map.of(), List.of("forum")), "a"))
        .extracting(e -> ((VigilException) e).field())
        .isEqualTo("subject");
    CourtOrderRequest reversed =
        new CourtOrderRequest(
            "c",
            "r",
            null,
            "2026-01-15",
            END.toString(),
            START.toString(),
            List.of("forum"),
            ok,
            null,
            null);
    assertThatThrownBy(() -> registry.create(reversed, "a"))
        .extracting(e -> ((VigilException) e).field())
        .isEqualTo("endsAt");
    CourtOrderRequest badDate =
        new CourtOrderRequest(
            "c",
            "r",
            null,
            "15/01/2026",
            START.toString(),
            END.toString(),
            List.of("forum"),
            ok,
            null,
            null);
    assertThatThrownBy(() -> registry.create(badDate, "a"))
        .extracting(e -> ((VigilException) e).field())
        .isEqualTo("issuedOn");
    assertThat(store.loadOrders()).isEmpty();
  }

  @Test
  void match_acrossTheOrdersLifetime_onlyWhileActive() {
    CourtOrder order = createDefault();
    Map<IdentifierType, String> actor = email("  OFFENDER@example.com ");

    assertThat(registry.match(actor, ServiceCategory.SOCIAL_NETWORK)).isEmpty();
    clock.set(START);
    assertThat(registry.match(actor, ServiceCategory.SOCIAL_NETWORK))
        .containsExactly(new CourtOrderMatch(order.id(), "PA 123/2025", IdentifierType.EMAIL));
    clock.set(END.minusMillis(1));
    assertThat(registry.match(actor, ServiceCategory.MESSAGING)).hasSize(1);
    clock.set(END);
    assertThat(registry.match(actor, ServiceCategory.SOCIAL_NETWORK)).isEmpty();
  }

  @Test
  void match_categoryOutsideScopeOrOtherPerson_noMatch() {
    createDefault();
    clock.set(START.plusSeconds(1));
    assertThat(registry.match(email("offender@example.com"), ServiceCategory.FORUM)).isEmpty();
    assertThat(registry.match(email("someone@example.com"), ServiceCategory.SOCIAL_NETWORK))
        .isEmpty();
    assertThat(
            registry.match(
                Map.of(IdentifierType.PHONE, "+34 612-345-678"), ServiceCategory.MESSAGING))
        .extracting(CourtOrderMatch::matchedBy)
        .containsExactly(IdentifierType.PHONE);
  }

  @Test
  void match_unreadableActorPhone_refusedNamingTheField() {
    assertThatThrownBy(
            () -> registry.match(Map.of(IdentifierType.PHONE, "x"), ServiceCategory.MESSAGING))
        .extracting(e -> ((VigilException) e).field())
        .isEqualTo("actor.identifiers.phone");
  }

  @Test
  void revoke_activeOrder_stopsMatchingAndIsAudited() {
    CourtOrder order = createDefault();
    clock.set(START.plus(Duration.ofDays(30)));
    registry.revoke(order.id(), "overturned on appeal", "admin-2");

    assertThat(registry.match(email("offender@example.com"), ServiceCategory.SOCIAL_NETWORK))
        .isEmpty();
    assertThat(registry.get(order.id()).statusAt(clock.instant()))
        .isEqualTo(CourtOrderStatus.REVOKED);
    assertThat(audited)
        .last()
        .asString()
        .startsWith("admin-2 court_order.revoked court_order:" + order.id());
    assertThatThrownBy(() -> registry.revoke(order.id(), null, "admin-2"))
        .isInstanceOf(VigilException.class);
    assertThatThrownBy(() -> registry.revoke("co-nope", null, "admin-2"))
        .isInstanceOf(VigilException.class);
  }

  @Test
  void list_byStatus_filtersOnTheClock() {
    CourtOrder first = createDefault();
    clock.set(START.plusSeconds(5));
    Map<IdentifierType, List<String>> other = Map.of(IdentifierType.EMAIL, List.of("x@y.z"));
    CourtOrderRequest later =
        new CourtOrderRequest(
            "c",
            "r2",
            null,
            "2026-01-15",
            "2027-01-01",
            "2027-06-01",
            List.of("forum"),
            other,
            null,
            null);
    CourtOrder second = registry.create(later, "a");

    assertThat(registry.list(null))
        .extracting(CourtOrder::id)
        .containsExactly(second.id(), first.id());
    assertThat(registry.list(CourtOrderStatus.ACTIVE))
        .extracting(CourtOrder::id)
        .containsExactly(first.id());
    assertThat(registry.list(CourtOrderStatus.PENDING))
        .extracting(CourtOrder::id)
        .containsExactly(second.id());
  }

  @Test
  void enforce_match_recordsDenialsByDayAndCategory() {
    CourtOrder order = createDefault();
    clock.set(Instant.parse("2026-03-01T10:00:00Z"));
    registry.enforce(email("offender@example.com"), ServiceCategory.SOCIAL_NETWORK, "signup");
    registry.enforce(email("offender@example.com"), ServiceCategory.SOCIAL_NETWORK, "login");
    registry.enforce(email("nobody@example.com"), ServiceCategory.SOCIAL_NETWORK, "login");
    clock.set(Instant.parse("2026-03-02T23:59:00Z"));
    registry.enforce(
        Map.of(IdentifierType.PHONE, "+34612345678"), ServiceCategory.MESSAGING, "login");

    ComplianceReport report = registry.complianceReport(order.id());
    assertThat(report.denials())
        .containsExactly(
            new DenialCount(
                java.time.LocalDate.parse("2026-03-01"), ServiceCategory.SOCIAL_NETWORK, 2),
            new DenialCount(java.time.LocalDate.parse("2026-03-02"), ServiceCategory.MESSAGING, 1));
    assertThat(report.totalDenials()).isEqualTo(3);
    assertThat(report.status()).isEqualTo(CourtOrderStatus.ACTIVE);
  }

  @Test
  void activeAt_lineWithAddress_restrictedOnlyBetweenStartAndEnd() {
    CourtOrder order = createDefault();
    assertThat(registry.updateSubscriberAddress("LINE-0042", "198.51.100.7", "radius"))
        .isEqualTo(CourtOrderRegistry.AddressUpdate.RECORDED);

    assertThat(registry.activeAt(START.minusSeconds(1))).isEmpty();
    assertThat(registry.activeAt(START))
        .containsExactly(
            new RestrictedClient(
                "198.51.100.7",
                java.util.Set.of(ServiceCategory.SOCIAL_NETWORK, ServiceCategory.MESSAGING),
                order.id()));
    assertThat(registry.activeAt(END)).isEmpty();
  }

  @Test
  void updateSubscriberAddress_move_movesTheRestriction() {
    createDefault();
    clock.set(START.plusSeconds(60));
    registry.updateSubscriberAddress("LINE-0042", "198.51.100.7", "radius");
    registry.updateSubscriberAddress("LINE-0042", "2001:DB8:0:0:0:0:0:1", "radius");

    assertThat(registry.activeAt(clock.instant()))
        .extracting(RestrictedClient::address)
        .containsExactly("2001:db8::1");
    assertThat(registry.updateSubscriberAddress("LINE-0042", "2001:db8::1", "radius"))
        .isEqualTo(CourtOrderRegistry.AddressUpdate.UNCHANGED);
    assertThat(registry.updateSubscriberAddress("LINE-0042", null, "radius"))
        .isEqualTo(CourtOrderRegistry.AddressUpdate.CLEARED);
    assertThat(registry.activeAt(clock.instant())).isEmpty();
  }

  @Test
  void updateSubscriberAddress_unnamedLine_keepsNothing() {
    createDefault();
    assertThat(registry.updateSubscriberAddress("LINE-9999", "198.51.100.9", "radius"))
        .isEqualTo(CourtOrderRegistry.AddressUpdate.IGNORED);
    assertThat(store.loadAddresses()).isEmpty();
    assertThat(store.addressChanges(List.of())).isEmpty();
  }

  @Test
  void updateSubscriberAddress_addressHandedToAnotherLine_releasesTheRestrictedLine() {
    createDefault();
    clock.set(START.plusSeconds(60));
    registry.updateSubscriberAddress("LINE-0042", "198.51.100.7", "radius");
    // The provider gives the same address to an unrestricted subscriber (the restricted one got
    // a new session whose Accounting-Start has not arrived yet): the innocent one must not be
    // restricted.
    registry.updateSubscriberAddress("LINE-7777", "198.51.100.7", "radius");

    assertThat(registry.activeAt(clock.instant())).isEmpty();
    assertThat(store.loadAddresses()).isEmpty();
  }

  @Test
  void updateSubscriberAddress_badAddress_refusedNamingTheField() {
    createDefault();
    assertThatThrownBy(() -> registry.updateSubscriberAddress("LINE-0042", "my-router.lan", "r"))
        .extracting(e -> ((VigilException) e).field())
        .isEqualTo("address");
    assertThatThrownBy(() -> registry.updateSubscriberAddress(" ", "198.51.100.7", "r"))
        .extracting(e -> ((VigilException) e).field())
        .isEqualTo("subscriberLine");
  }

  @Test
  void changeListener_everyChange_calledAndVersionIncreases() {
    AtomicInteger calls = new AtomicInteger();
    registry.addChangeListener(calls::incrementAndGet);
    registry.addChangeListener(
        () -> {
          throw new IllegalStateException("a broken listener must not break the registry");
        });
    long v0 = registry.version();

    CourtOrder order = createDefault();
    registry.updateSubscriberAddress("LINE-0042", "198.51.100.7", "radius");
    registry.updateSubscriberAddress("LINE-0042", "198.51.100.7", "radius"); // unchanged
    registry.updateSubscriberAddress("LINE-5555", "198.51.100.8", "radius"); // ignored
    registry.revoke(order.id(), null, "admin");

    assertThat(calls).hasValue(3);
    assertThat(registry.version()).isEqualTo(v0 + 3);
  }

  @Test
  void nextTransitionAfter_pendingOrder_startThenEnd() {
    createDefault();
    assertThat(registry.nextTransitionAfter(T0)).contains(START);
    assertThat(registry.nextTransitionAfter(START)).contains(END);
    assertThat(registry.nextTransitionAfter(END)).isEmpty();
  }

  @Test
  void sweep_crossingStartAndEnd_recordsTransitionsOnceAndTellsListeners() {
    CourtOrder order = createDefault();
    registry.updateSubscriberAddress("LINE-0042", "198.51.100.7", "radius");
    AtomicInteger calls = new AtomicInteger();
    registry.addChangeListener(calls::incrementAndGet);

    assertThat(registry.sweep()).isZero();
    clock.set(START.plusSeconds(30));
    assertThat(registry.sweep()).isEqualTo(1);
    assertThat(registry.sweep()).isZero();
    clock.set(END.plusSeconds(30));
    assertThat(registry.sweep()).isEqualTo(1);

    assertThat(store.events(order.id()))
        .extracting(CourtOrderEvent::kind, CourtOrderEvent::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(CourtOrderEvent.Kind.CREATED, T0),
            org.assertj.core.groups.Tuple.tuple(CourtOrderEvent.Kind.ACTIVATED, START),
            org.assertj.core.groups.Tuple.tuple(CourtOrderEvent.Kind.EXPIRED, END));
    assertThat(calls).hasValue(2);
    assertThat(audited)
        .anyMatch(a -> a.startsWith("system court_order.activated court_order:" + order.id()));
    assertThat(audited)
        .anyMatch(a -> a.startsWith("system court_order.expired court_order:" + order.id()));
    // the expired order's line address is no longer kept
    assertThat(store.loadAddresses()).isEmpty();
  }

  @Test
  void constructor_restart_reloadsOrdersAddressesAndObservedTransitions() {
    CourtOrder order = createDefault();
    registry.updateSubscriberAddress("LINE-0042", "198.51.100.7", "radius");
    clock.set(START.plusSeconds(1));
    registry.sweep();

    CourtOrderRegistry restarted = newRegistry(store, key(7));
    assertThat(restarted.get(order.id())).isEqualTo(order);
    assertThat(restarted.activeAt(clock.instant())).hasSize(1);
    assertThat(restarted.match(email("offender@example.com"), ServiceCategory.MESSAGING))
        .hasSize(1);
    assertThat(restarted.sweep()).isZero();
  }

  @Test
  void constructor_differentKey_refusesToStart() {
    createDefault();
    assertThatThrownBy(() -> newRegistry(store, key(8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("HMAC key differs");
  }

  @Test
  void reloadIfChanged_anotherProcessWrote_seesItAndTellsListeners() {
    CourtOrderRegistry other = newRegistry(store, key(7)); // e.g. a second API node
    AtomicInteger calls = new AtomicInteger();
    registry.addChangeListener(calls::incrementAndGet);
    assertThat(registry.reloadIfChanged()).isFalse();

    CourtOrder order =
        other.create(
            request(Map.of(IdentifierType.EMAIL, List.of("x@y.es")), List.of("forum")), "cli");
    clock.set(START);
    assertThat(registry.match(email("x@y.es"), ServiceCategory.FORUM)).isEmpty();
    assertThat(registry.reloadIfChanged()).isTrue();
    assertThat(registry.match(email("x@y.es"), ServiceCategory.FORUM))
        .extracting(CourtOrderMatch::orderId)
        .containsExactly(order.id());
    assertThat(calls).hasValue(1);

    // Its own writes are not news.
    registry.revoke(order.id(), null, "admin");
    assertThat(calls).hasValue(2);
    assertThat(registry.reloadIfChanged()).isFalse();
    assertThat(calls).hasValue(2);
  }
}
