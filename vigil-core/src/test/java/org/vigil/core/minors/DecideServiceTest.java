package org.vigil.core.minors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.core.actions.Verdict;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.Account;
import org.vigil.core.intake.AccountAction;
import org.vigil.core.intake.DecideJson;
import org.vigil.core.intake.DecideRequest;
import org.vigil.core.intake.InvalidFieldException;
import org.vigil.core.intake.PartyInput;
import org.vigil.core.json.Json;
import org.vigil.core.policy.BuiltinPolicy;
import org.vigil.core.signal.CourtOrderHit;

class DecideServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final MinorProtectionCheck MINORS =
      new MinorProtectionCheck(RuleSetLoader.bundled());

  private final InMemoryAccountDirectory accounts = new InMemoryAccountDirectory();

  private DecideService service(List<DecisionCheck> checks) {
    return new DecideService(
        accounts, MINORS.jurisdictions(), checks, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static DecideRequest read(String json) throws Exception {
    return DecideJson.readRequest(Json.MAPPER.readTree(json));
  }

  /** A stand-in for the court-order check: denies when the email identifier is on its list. */
  private static final class DenyListCheck implements DecisionCheck {
    final List<String> seen = new ArrayList<>();

    @Override
    public String name() {
      return "court_orders";
    }

    @Override
    public String policyVersion() {
      return "7";
    }

    @Override
    public void check(DecisionContext context, DecisionBuilder decision) {
      String email = context.actor().identifiers().get("email");
      seen.add(email);
      if ("barred@example.org".equals(email)) {
        decision.courtOrder(
            new CourtOrderHit(
                "co-1", "order-1", "test court", null, "forum", "2030-01-01T00:00:00Z", "email"));
      }
    }
  }

  @Test
  void decide_issueExample_signupOfFifteenYearOldInAustraliaDenied() throws Exception {
    DecideAnswer decision =
        service(List.of(MINORS))
            .decide(
                read(
                    """
                    {"action": "signup", "jurisdiction": "AU", "service": {"category": "social_network"},
                     "actor": {"accountId": "a1", "birthDate": "2011-03-02",
                               "ageSignals": [{"source": "estimate", "method": "facial", "minAge": 14, "maxAge": 16, "confidence": 0.9}]},
                     "target": {"accountId": "a2", "connected": false},
                     "at": "2026-11-23T10:00:00Z"}
                    """));

    assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
    assertThat(decision.reasons()).extracting(Reason::code).containsExactly("below_minimum_age");
    assertThat(decision.actorAge().level().wireName()).isEqualTo("standard");
    JsonNode json = Json.MAPPER.valueToTree(decision);
    assertThat(json.get("decision").asText()).isEqualTo("deny");
    assertThat(json.get("requires").isArray()).isTrue();
    assertThat(json.get("reasons").get(0).get("rule").asText()).isEqualTo("AU-SMMA-16");
    assertThat(json.get("dataVersion").asText())
        .isEqualTo("minors@" + RuleSetLoader.bundled().version());
    assertThat(json.get("policyVersion").asText()).isEqualTo(BuiltinPolicy.get().version());
    assertThat(json.get("protections").size()).isEqualTo(6);
  }

  @Test
  void decide_checksInOrder_courtOrderDenyStopsBeforeMinors() throws Exception {
    DenyListCheck orders = new DenyListCheck();
    DecideService service = service(List.of(orders, MINORS));

    DecideAnswer barred =
        service.decide(
            read(
                """
                {"action": "signup", "jurisdiction": "US", "service": {"category": "forum"},
                 "actor": {"birthDate": "1990-01-01", "identifiers": {"email": "barred@example.org"}}}
                """));
    DecideAnswer other =
        service.decide(
            read(
                """
                {"action": "signup", "jurisdiction": "US", "service": {"category": "forum"},
                 "actor": {"birthDate": "1990-01-01", "identifiers": {"email": "ok@example.org"}}}
                """));

    assertThat(barred.verdict()).isEqualTo(Verdict.DENY);
    assertThat(barred.reasons()).extracting(Reason::code).containsExactly("court_order");
    assertThat(barred.actorAge()).isNull();
    assertThat(other.verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(other.dataVersion())
        .isEqualTo("court_orders@7,minors@" + RuleSetLoader.bundled().version());
    assertThat(orders.seen).containsExactly("barred@example.org", "ok@example.org");
  }

  @Test
  void decide_registeredAccounts_connectionAndBirthDateComeFromRegistry() {
    accounts.put(
        new Account(
            "adult", "DE", LocalDate.of(1990, 1, 1), null, List.of(), Set.of(), false, NOW));
    accounts.put(
        new Account(
            "child", "DE", LocalDate.of(2012, 1, 1), null, List.of(), Set.of("adult"), false, NOW));
    accounts.put(
        new Account(
            "stranger", "DE", LocalDate.of(1985, 1, 1), null, List.of(), Set.of(), false, NOW));
    DecideService service = service(List.of(MINORS));

    DecideAnswer fromConnection =
        service.decide(
            new DecideRequest(
                AccountAction.MESSAGE,
                null,
                null,
                PartyInput.account("adult"),
                PartyInput.account("child"),
                null,
                null));
    DecideAnswer fromStranger =
        service.decide(
            new DecideRequest(
                AccountAction.MESSAGE,
                null,
                null,
                PartyInput.account("stranger"),
                PartyInput.account("child"),
                null,
                null));

    assertThat(fromConnection.verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(fromStranger.verdict()).isEqualTo(Verdict.DENY);
    assertThat(fromStranger.reasons())
        .extracting(Reason::code)
        .containsExactly("adult_contact_from_non_connection");
  }

  @Test
  void decide_missingPieces_errorsNameTheField() {
    DecideService service = service(List.of(MINORS));
    PartyInput anonymous = PartyInput.account(null);

    assertThatThrownBy(
            () ->
                service.decide(
                    new DecideRequest(
                        AccountAction.SIGNUP,
                        null,
                        ServiceCategory.FORUM,
                        anonymous,
                        null,
                        null,
                        null)))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("jurisdiction"));
    assertThatThrownBy(
            () ->
                service.decide(
                    new DecideRequest(
                        AccountAction.SIGNUP,
                        "ZZ",
                        ServiceCategory.FORUM,
                        anonymous,
                        null,
                        null,
                        null)))
        .isInstanceOfSatisfying(
            InvalidFieldException.class,
            e -> {
              assertThat(e.field()).isEqualTo("jurisdiction");
              assertThat(e.getMessage()).contains("ZZ");
            });
    assertThatThrownBy(
            () ->
                service.decide(
                    new DecideRequest(
                        AccountAction.LOGIN, "AU", null, anonymous, null, null, null)))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("service.category"));
    assertThatThrownBy(
            () ->
                service.decide(
                    new DecideRequest(
                        AccountAction.MESSAGE, "AU", null, anonymous, null, null, null)))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("target"));
    assertThatThrownBy(
            () ->
                service.decide(
                    new DecideRequest(
                        AccountAction.VIEW_CONTENT, "AU", null, anonymous, null, null, null)))
        .isInstanceOfSatisfying(
            InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("content.rating"));
  }

  @Test
  void checkVersions_listsChecksInOrder() {
    assertThat(service(List.of(new DenyListCheck(), MINORS)).checkVersions())
        .containsExactly(
            Map.entry("court_orders", "7"), Map.entry("minors", RuleSetLoader.bundled().version()));
  }
}
