package org.vigil.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.ActionType;
import org.vigil.core.actions.Verdict;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.FiredRule;
import org.vigil.core.records.PolicyOutcome;
import org.vigil.core.signal.AgeEvidence;
import org.vigil.core.signal.HashMatch;
import org.vigil.core.signal.ReportSignal;
import org.vigil.core.signal.Score;
import org.vigil.core.signal.Signal;

class PolicyCompilerTest {

  static final String UPLOADS =
      """
      name: uploads
      rules:
        - id: ncmec-close
          when: 'matches.exists(m, m.bank == "ncmec" && m.distance <= 10)'
          then: [block, preserve_evidence, report_authority]
          stop: true
        - id: ncmec-near
          when: 'matches.exists(m, m.bank == "ncmec" && m.distance <= 31)'
          then: [{queue_review: {queue: csam, priority: high}}]
        - id: minor-uploader
          when: 'matches.size() > 0 && uploader.known && uploader.min_age < 18'
          then: [{queue_review: {queue: accounts, priority: normal}}, notify_user]
      """;

  private static CompiledPolicy compile(String text) {
    return PolicyCompiler.compile(PolicyParser.parse(text), Set.of("ncmec", "partner"));
  }

  private static PolicyOutcome decide(CompiledPolicy policy, Signal... signals) {
    return policy.evaluate(DecisionKind.CONTENT, List.of(signals), Map.of());
  }

  private static HashMatch ncmec(int distance) {
    return new HashMatch("ncmec", 1, "pdq", distance, null, null, "review");
  }

  @Test
  void evaluate_closeMatch_blocksAndStops() {
    PolicyOutcome outcome = decide(compile(UPLOADS), ncmec(4));
    assertThat(outcome.verdict()).isEqualTo(Verdict.BLOCK);
    assertThat(outcome.firedRules()).extracting(FiredRule::rule).containsExactly("ncmec-close");
    assertThat(outcome.actions())
        .extracting(Action::type)
        .containsExactly(
            ActionType.BLOCK, ActionType.PRESERVE_EVIDENCE, ActionType.REPORT_AUTHORITY);
    assertThat(outcome.firedRules().get(0).explanation()).contains("distance 4").contains("ncmec");
  }

  @Test
  void evaluate_nearMatchOfAMinor_queuesTwiceWithoutStop() {
    PolicyOutcome outcome =
        decide(
            compile(UPLOADS),
            ncmec(20),
            new AgeEvidence("uploader", 14, 15, "self_declared", 0.5, true));
    assertThat(outcome.verdict()).isEqualTo(Verdict.REVIEW);
    assertThat(outcome.firedRules())
        .extracting(FiredRule::rule)
        .containsExactly("ncmec-near", "minor-uploader");
    assertThat(outcome.actions())
        .containsExactly(
            new Action(ActionType.QUEUE_REVIEW, Map.of("queue", "csam", "priority", "high")),
            new Action(ActionType.QUEUE_REVIEW, Map.of("queue", "accounts", "priority", "normal")),
            Action.of(ActionType.NOTIFY_USER));
  }

  @Test
  void evaluate_noSignals_allows() {
    PolicyOutcome outcome = decide(compile(UPLOADS));
    assertThat(outcome.verdict()).isEqualTo(Verdict.ALLOW);
    assertThat(outcome.firedRules()).isEmpty();
    assertThat(outcome.policyVersion()).isEqualTo(PolicyParser.version(UPLOADS));
  }

  @Test
  void evaluate_everyActionKind_givesItsVerdictAndTheMostSevereWins() {
    Map<ActionType, Verdict> expected =
        Map.ofEntries(
            Map.entry(ActionType.BLOCK, Verdict.BLOCK),
            Map.entry(ActionType.REMOVE, Verdict.REMOVE),
            Map.entry(ActionType.QUEUE_REVIEW, Verdict.REVIEW),
            Map.entry(ActionType.RESTRICT_VISIBILITY, Verdict.RESTRICT_VISIBILITY),
            Map.entry(ActionType.AGE_RESTRICT, Verdict.AGE_RESTRICT),
            Map.entry(ActionType.LABEL, Verdict.LABEL),
            Map.entry(ActionType.PRESERVE_EVIDENCE, Verdict.ALLOW),
            Map.entry(ActionType.REPORT_AUTHORITY, Verdict.ALLOW),
            Map.entry(ActionType.NOTIFY_USER, Verdict.ALLOW),
            Map.entry(ActionType.SUSPEND_ACCOUNT, Verdict.ALLOW),
            Map.entry(ActionType.PROTECT, Verdict.ALLOW),
            Map.entry(ActionType.DENY, Verdict.DENY),
            Map.entry(ActionType.REQUIRE, Verdict.REQUIRE),
            Map.entry(ActionType.ALLOW, Verdict.ALLOW));
    assertThat(expected.keySet()).containsExactlyInAnyOrder(ActionType.values());
    for (ActionType type : ActionType.values()) {
      String action =
          type == ActionType.REQUIRE ? "{require: {what: parental_consent}}" : type.wireName();
      CompiledPolicy policy =
          compile("name: one\nrules:\n  - id: r\n    when: 'true'\n    then: [" + action + "]\n");
      PolicyOutcome outcome = decide(policy);
      assertThat(outcome.verdict()).as(type.wireName()).isEqualTo(expected.get(type));
      assertThat(outcome.actions()).extracting(Action::type).containsExactly(type);
    }
    String severity =
        """
        name: severity
        rules:
          - {id: a, when: 'true', then: [label]}
          - {id: b, when: 'true', then: [age_restrict, restrict_visibility]}
          - {id: c, when: 'true', then: [{queue_review: {queue: q}}]}
          - {id: d, when: 'true', then: [remove]}
          - {id: e, when: 'false', then: [block]}
        """;
    assertThat(decide(compile(severity)).verdict()).isEqualTo(Verdict.REMOVE);
    assertThat(Verdict.DENY.max(Verdict.REQUIRE)).isEqualTo(Verdict.DENY);
    assertThat(Verdict.REQUIRE.max(Verdict.ALLOW)).isEqualTo(Verdict.REQUIRE);
  }

  @Test
  void evaluate_reportsAndScores_areReadable() {
    CompiledPolicy policy =
        compile(
            """
            name: reports
            rules:
              - id: trusted
                when: 'reports.trusted_flagger && "csam" in reports.categories'
                then: [remove]
              - id: many
                when: 'reports.count >= 5'
                then: [restrict_visibility]
              - id: nudity
                when: '"nudity" in scores && scores["nudity"] > 0.9'
                then: [age_restrict]
            """);
    assertThat(decide(policy, new ReportSignal(2, List.of("csam"), true)).verdict())
        .isEqualTo(Verdict.REMOVE);
    assertThat(decide(policy, new ReportSignal(5, List.of("spam"), false)).verdict())
        .isEqualTo(Verdict.RESTRICT_VISIBILITY);
    assertThat(decide(policy, new Score("nudity", 0.95)).verdict()).isEqualTo(Verdict.AGE_RESTRICT);
    assertThat(decide(policy, new Score("nudity", 0.5)).verdict()).isEqualTo(Verdict.ALLOW);
  }

  @Test
  void evaluate_conditionFailingAtRunTime_doesNotFire() {
    CompiledPolicy policy =
        compile(
            "name: x\nrules:\n  - id: typo\n    when: 'matches.exists(m, m.bnak == \"a\")'\n"
                + "    then: [block]\n  - id: ok\n    when: 'matches.size() > 0'\n"
                + "    then: [label]\n");
    assertThat(decide(policy, ncmec(3)).firedRules())
        .extracting(FiredRule::rule)
        .containsExactly("ok");
    assertThat(policy.warnings())
        .extracting(PolicyWarning::rule, PolicyWarning::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("typo", "never_fires"));
  }

  @Test
  void compile_badCondition_namesTheRuleLineAndColumn() {
    String text =
        """
        name: broken
        rules:
          - id: fine
            when: 'matches.size() > 0'
            then: [label]
          - id: bad
            when: 'matches.exists(m, m.bank == ) '
            then: [block]
        """;
    assertThatThrownBy(() -> compile(text))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> {
              assertThat(e.field()).isEqualTo("rules[1].when");
              assertThat(e.line()).isEqualTo(7);
              // 'when: ' starts at column 5, the quote at 11, the expression at 12; CEL points at
              // the ')' 28 characters in.
              assertThat(e.column()).isEqualTo(12 + 28);
              assertThat(e.getMessage()).contains("does not compile");
            });
  }

  @Test
  void compile_unknownVariableInLiteralBlock_pointsIntoTheBlock() {
    String text =
        "name: b\nrules:\n  - id: r\n    when: |\n      matches.size() > 0 &&\n"
            + "        foo.bar\n    then: [label]\n";
    assertThatThrownBy(() -> compile(text))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> {
              assertThat(e.field()).isEqualTo("rules[0].when");
              assertThat(e.line()).isEqualTo(6);
              assertThat(e.column()).isEqualTo(9);
              assertThat(e.getMessage()).contains("foo");
            });
  }

  @Test
  void compile_nonBooleanCondition_isRefused() {
    assertThatThrownBy(
            () ->
                compile(
                    "name: n\nrules:\n  - id: r\n    when: 'matches.size()'\n    then: [block]\n"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("does not compile");
  }

  @Test
  void parse_unknownActionOrField_namesThePath() {
    assertThatThrownBy(
            () -> compile("name: n\nrules:\n  - id: r\n    when: 'true'\n    then: [blok]\n"))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> {
              assertThat(e.field()).isEqualTo("rules[0].then[0]");
              assertThat(e.line()).isEqualTo(5);
              assertThat(e.getMessage()).contains("unknown action 'blok'");
            });
    assertThatThrownBy(
            () -> compile("name: n\nrules:\n  - id: r\n    whn: 'true'\n    then: [block]\n"))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class, e -> assertThat(e.field()).isEqualTo("rules[0].whn"));
    assertThatThrownBy(
            () ->
                compile(
                    "name: n\nrules:\n  - id: r\n    when: 'true'\n"
                        + "    then: [{queue_review: {queue: q, priority: soon}}]\n"))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> assertThat(e.field()).isEqualTo("rules[0].then[0].queue_review.priority"));
    assertThatThrownBy(() -> compile("name: n\nrules: [\n"))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> {
              assertThat(e.field()).isEqualTo("body");
              assertThat(e.line()).isGreaterThan(0);
            });
    assertThatThrownBy(
            () ->
                compile(
                    "name: n\nrules:\n  - {id: r, when: 'true', then: [block]}\n"
                        + "  - {id: r, when: 'true', then: [label]}\n"))
        .isInstanceOfSatisfying(
            InvalidPolicyException.class,
            e -> {
              assertThat(e.field()).isEqualTo("rules[1].id");
              assertThat(e.line()).isEqualTo(4);
            });
  }

  @Test
  void compile_warnings_flagShadowedRulesUnknownBanksAndConstantFalse() {
    CompiledPolicy policy =
        compile(
            """
            name: w
            rules:
              - id: never
                when: '1 > 2'
                then: [label]
              - id: unknown-bank
                when: 'matches.exists(m, m.bank == "nmcec")'
                then: [block]
              - id: catch-all
                when: 'true'
                then: [allow]
                stop: true
              - id: after
                when: 'matches.exists(m, m.bank == "partner")'
                then: [block]
            """);
    assertThat(policy.warnings())
        .extracting(PolicyWarning::rule, PolicyWarning::code)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("never", "never_fires"),
            org.assertj.core.groups.Tuple.tuple("unknown-bank", "unknown_bank"),
            org.assertj.core.groups.Tuple.tuple("after", "shadowed_by_stop"));
  }

  @Test
  void version_isTheContentHash() {
    assertThat(PolicyParser.parse(UPLOADS).version()).isEqualTo(PolicyParser.version(UPLOADS));
    assertThat(PolicyParser.version(UPLOADS))
        .hasSize(16)
        .isNotEqualTo(PolicyParser.version(UPLOADS + " "));
  }
}
