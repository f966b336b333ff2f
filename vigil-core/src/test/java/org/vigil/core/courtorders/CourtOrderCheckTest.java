package org.vigil.core.courtorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.core.actions.Verdict;
import org.vigil.core.catalogue.ServiceCategory;
import org.vigil.core.intake.AccountAction;
import org.vigil.core.intake.InvalidFieldException;
import org.vigil.core.intake.Party;
import org.vigil.core.minors.DecideAnswer;
import org.vigil.core.minors.DecisionBuilder;
import org.vigil.core.minors.DecisionContext;
import org.vigil.core.minors.Reason;
import org.vigil.core.policy.BuiltinPolicy;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.testing.MutableClock;

class CourtOrderCheckTest {

  private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
  private static final Instant END = Instant.parse("2028-02-01T00:00:00Z");

  private final InMemoryCourtOrderStore store = new InMemoryCourtOrderStore();
  private final CourtOrderRegistry registry = newRegistry();
  private final CourtOrderCheck check = new CourtOrderCheck(registry);
  private final String orderId =
      registry
          .create(
              new CourtOrderRequest(
                  "Juzgado de lo Penal n.º 3 de Madrid",
                  "PA 123/2025",
                  "Art. 48 CP",
                  "2026-01-15",
                  START.toString(),
                  END.toString(),
                  List.of("social_network"),
                  Map.of(IdentifierType.EMAIL, List.of("offender@example.com")),
                  null,
                  null),
              "key:admin")
          .id();

  private CourtOrderRegistry newRegistry() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 3);
    return new CourtOrderRegistry(
        store,
        new IdentifierPseudonymiser(key),
        new IdentifierNormaliser(null),
        new MutableClock(Instant.parse("2026-01-20T00:00:00Z")),
        CourtOrderAudit.none());
  }

  private static DecisionContext context(
      AccountAction action, ServiceCategory service, Map<String, String> identifiers, Instant at) {
    Party actor = new Party(null, "ES", null, List.of(), identifiers, Set.of(), false);
    return new DecisionContext(action, "ES", service, actor, null, false, null, at);
  }

  private DecideAnswer decide(DecisionContext context) {
    DecisionBuilder builder = new DecisionBuilder();
    check.check(context, builder);
    return DecideAnswer.of(
        null,
        builder.signals(),
        BuiltinPolicy.get().evaluate(DecisionKind.ACCOUNT_ACTION, builder.signals(), Map.of()),
        "test");
  }

  @Test
  void check_activeOrderCoversCategory_deniesWithCaseRefAndCountsTheDenial() {
    DecideAnswer decision =
        decide(
            context(
                AccountAction.SIGNUP,
                ServiceCategory.SOCIAL_NETWORK,
                Map.of("email", "Offender@Example.com"),
                START.plusSeconds(60)));

    assertThat(decision.verdict()).isEqualTo(Verdict.DENY);
    Reason reason = decision.reasons().get(0);
    assertThat(reason.code()).isEqualTo("court_order");
    assertThat(reason.rule()).isEqualTo("PA 123/2025");
    assertThat(reason.source()).contains("Juzgado").contains("Art. 48 CP");
    assertThat(reason.detail()).contains(orderId).doesNotContain("offender");
    assertThat(store.denialCounts(orderId))
        .containsExactly(
            new DenialCount(
                java.time.LocalDate.parse("2026-02-01"), ServiceCategory.SOCIAL_NETWORK, 1));
  }

  @Test
  void check_beforeStartOtherCategoryOrNoService_allows() {
    Map<String, String> ids = Map.of("email", "offender@example.com");
    assertThat(
            decide(
                    context(
                        AccountAction.LOGIN,
                        ServiceCategory.SOCIAL_NETWORK,
                        ids,
                        START.minusSeconds(1)))
                .verdict())
        .isEqualTo(Verdict.ALLOW);
    assertThat(decide(context(AccountAction.LOGIN, ServiceCategory.FORUM, ids, START)).verdict())
        .isEqualTo(Verdict.ALLOW);
    assertThat(decide(context(AccountAction.LIVE_STREAM, null, ids, START)).verdict())
        .isEqualTo(Verdict.ALLOW);
    assertThat(
            decide(context(AccountAction.LOGIN, ServiceCategory.SOCIAL_NETWORK, Map.of(), START))
                .verdict())
        .isEqualTo(Verdict.ALLOW);
    assertThat(store.denialCounts(orderId)).isEmpty();
  }

  @Test
  void check_unknownIdentifierName_refusedNamingIt() {
    assertThatThrownBy(
            () ->
                decide(
                    context(
                        AccountAction.SIGNUP,
                        ServiceCategory.SOCIAL_NETWORK,
                        Map.of("emial", "offender@example.com"),
                        START)))
        .isInstanceOf(InvalidFieldException.class)
        .extracting(e -> ((InvalidFieldException) e).field())
        .isEqualTo("actor.identifiers.emial");
  }

  @Test
  void policyVersion_changesWithTheRegister() {
    String before = check.policyVersion();
    registry.revoke(orderId, null, "key:admin");
    assertThat(check.policyVersion()).isNotEqualTo(before);
  }
}
