package org.vigil.core.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.actions.ActionType;
import org.vigil.core.actions.Verdict;
import org.vigil.core.json.Json;
import org.vigil.core.policy.BuiltinPolicy;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.PolicyOutcome;
import org.vigil.core.signal.BenignMatch;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.HeldMatch;
import org.vigil.core.signal.Signal;

/** How the built-in policy treats matches the negative banks and the flood guard set aside. */
class GuardedMatchPolicyTest {

  private static final Instant AT = Instant.parse("2026-12-05T04:00:00Z");

  private static PolicyOutcome decide(Signal... signals) {
    return BuiltinPolicy.get().evaluate(DecisionKind.CONTENT, List.of(signals), Map.of());
  }

  @Test
  void evaluate_heldMatchOfABlockingBank_goesToReviewInsteadOfBlocking() {
    PolicyOutcome outcome =
        decide(
            new HeldMatch(
                "partner", 7, "pdq", 3, null, null, "block", "matched 101 items in an hour", AT));

    assertThat(outcome.verdict()).isEqualTo(Verdict.REVIEW);
    assertThat(outcome.actions()).hasSize(1);
    assertThat(outcome.actions().get(0).type()).isEqualTo(ActionType.QUEUE_REVIEW);
    assertThat(outcome.actions().get(0).params()).containsEntry("queue", "flood");
    assertThat(outcome.firedRules()).hasSize(1);
    assertThat(outcome.firedRules().get(0).rule()).isEqualTo("flood-guard");
    assertThat(outcome.firedRules().get(0).explanation())
        .contains("signal 7 in bank partner is held")
        .contains("101 items");
  }

  @Test
  void evaluate_benignMatch_isNotActedOn() {
    PolicyOutcome outcome =
        decide(
            new BenignMatch(
                "partner",
                7,
                "pdq",
                3,
                "hash marked benign by moderator m on case c",
                "local",
                "m",
                null,
                "case_1"));

    assertThat(outcome.verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(outcome.firedRules()).isEmpty();
  }

  @Test
  void evaluate_benignBesideARealMatch_blocksOnTheRealOne() {
    PolicyOutcome outcome =
        decide(
            new BenignMatch("a", 1, "pdq", 0, "benign", "exchange", "x", "te", null),
            new HashMatch("b", 2, "pdq", 4, null, null, "block"));
    assertThat(outcome.verdict()).isEqualTo(Verdict.BLOCK);
  }

  @Test
  void json_guardedSignals_roundTripWithTheirKind() throws Exception {
    List<Signal> signals =
        List.of(
            new BenignMatch("a", 1, "pdq", 0, "benign: overturned", "local", "m", null, "case_1"),
            new HeldMatch("b", 2, "md5", 0, "cat", "exchange:x", "block", "why", AT));
    String json =
        Json.MAPPER
            .writerFor(new com.fasterxml.jackson.core.type.TypeReference<List<Signal>>() {})
            .writeValueAsString(signals);
    assertThat(json).contains("\"kind\":\"benign_match\"").contains("\"kind\":\"held_match\"");
    Signal[] back = Json.MAPPER.readValue(json, Signal[].class);
    assertThat(List.of(back)).isEqualTo(signals);
  }
}
