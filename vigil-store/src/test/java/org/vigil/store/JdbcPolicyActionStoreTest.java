package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.actions.Action;
import org.vigil.core.actions.ActionType;
import org.vigil.core.actions.OutboxMessage;
import org.vigil.core.actions.Verdict;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.evidence.EvidenceItem;
import org.vigil.core.records.DecisionCommit;
import org.vigil.core.records.DecisionKind;
import org.vigil.core.records.DecisionRecord;
import org.vigil.core.reports.Filing;
import org.vigil.core.reports.FilingState;
import org.vigil.core.review.CaseDecision;
import org.vigil.core.review.CaseOpening;
import org.vigil.core.review.CaseStore;
import org.vigil.core.review.DecisionGround;
import org.vigil.core.review.ModerationAction;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.Priority;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.usecases.PolicyActionStore;

/**
 * A decision and its case actions in one transaction, against a real PostgreSQL server: all of it
 * is stored, or (when any part fails) none of it; and a moderator's decision record is stored with
 * the case's "decided" mark or not at all.
 */
class JdbcPolicyActionStoreTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static final CaseStore.Placer PLACER =
      facts ->
          new CaseStore.Placement(
              facts.incomingCategory(), "csam", Priority.HIGH, T0.plusSeconds(3600), true);

  private static CaseOpening opening(String contentId, String decisionId) {
    return new CaseOpening(
        "default",
        new NoticeTarget(contentId, "acct-1", null, "image"),
        NoticeCategory.CSAM,
        "case_" + decisionId.substring(4),
        decisionId,
        T0,
        PLACER);
  }

  private static DecisionRecord record(String id, String caseId) {
    return new DecisionRecord(
        id,
        "default",
        DecisionKind.CONTENT,
        "post-1",
        List.of(),
        "v1",
        List.of(),
        Verdict.BLOCK,
        List.of(Action.of(ActionType.BLOCK), Action.of(ActionType.PRESERVE_EVIDENCE)),
        "key:test",
        T0,
        Map.of(),
        caseId,
        List.of());
  }

  /** A plan writing evidence, a draft filing and the decision; {@code failAtDecision} throws. */
  private static PolicyActionStore.Plan plan(String decisionId, boolean failAtDecision) {
    return new PolicyActionStore.Plan() {
      @Override
      public PolicyActionStore.EvidenceRow evidence(ReviewCase c) {
        EvidenceItem item =
            new EvidenceItem(
                "ev_" + decisionId.substring(4),
                "default",
                c.id(),
                "post-1",
                "image/png",
                3,
                "ab".repeat(32),
                null,
                T0,
                T0.plusSeconds(86_400),
                null,
                null);
        return new PolicyActionStore.EvidenceRow(
            item, new org.vigil.core.evidence.WrappedKey(new byte[] {1, 2, 3}, "k0"));
      }

      @Override
      public Filing filing(ReviewCase c) {
        return Filing.start("fil_" + decisionId.substring(4), "default", c.id(), "policy", true);
      }

      @Override
      public DecisionCommit decision(
          ReviewCase c, boolean opened, EvidenceItem evidence, Filing filing) {
        if (failAtDecision) {
          throw new IllegalStateException("injected failure after the case was admitted");
        }
        return new DecisionCommit(
            record(decisionId, c.id()),
            List.of(
                new AuditEvent("system:policy", "case.opened_by_policy", "case:" + c.id(), "{}")),
            List.of(
                new OutboxMessage(
                    "msg_" + decisionId.substring(4),
                    "default",
                    "decision.created",
                    "post-1",
                    "{}",
                    T0)));
      }
    };
  }

  @Test
  void commit_everyPart_storedTogether() {
    try (Database db = TestDatabases.freshPostgres()) {
      JdbcCaseStore cases = new JdbcCaseStore(db);
      JdbcPolicyActionStore store = new JdbcPolicyActionStore(db, cases);
      String id = "dec_0000000000010000000000000000001";
      PolicyActionStore.Committed committed = store.commit(opening("post-1", id), plan(id, false));

      ReviewCase c = cases.find("default", committed.reviewCase().id()).orElseThrow();
      assertThat(committed.opened()).isTrue();
      assertThat(c.source()).isEqualTo("policy");
      assertThat(c.policyDecisionId()).isEqualTo(id);
      assertThat(c.queue()).isEqualTo("csam");
      assertThat(new JdbcDecisionLog(db).find("default", id).orElseThrow().caseId())
          .isEqualTo(c.id());
      assertThat(new JdbcEvidenceStore(db).bySource("default", c.id())).hasSize(1);
      assertThat(new JdbcFilingStore(db).byCase("default", c.id()).orElseThrow().state())
          .isEqualTo(FilingState.AWAITING_CONFIRMATION);

      // A second decision on the same content joins the case and keeps its filing.
      String second = "dec_0000000000010000000000000000002";
      PolicyActionStore.Committed joined =
          store.commit(opening("post-1", second), plan(second, false));
      assertThat(joined.opened()).isFalse();
      assertThat(joined.reviewCase().id()).isEqualTo(c.id());
      assertThat(joined.filing().id()).isEqualTo(committed.filing().id());
    }
  }

  @Test
  void commit_failureAfterAdmission_leavesNoCaseEvidenceFilingOrDecision() {
    try (Database db = TestDatabases.freshPostgres()) {
      JdbcCaseStore cases = new JdbcCaseStore(db);
      JdbcPolicyActionStore store = new JdbcPolicyActionStore(db, cases);
      String id = "dec_0000000000010000000000000000003";
      CaseOpening opening = opening("post-9", id);

      assertThatThrownBy(() -> store.commit(opening, plan(id, true)))
          .hasMessageContaining("injected failure");

      assertThat(cases.find("default", opening.newCaseId())).isEmpty();
      assertThat(new JdbcEvidenceStore(db).bySource("default", opening.newCaseId())).isEmpty();
      assertThat(new JdbcFilingStore(db).byCase("default", opening.newCaseId())).isEmpty();
      assertThat(new JdbcDecisionLog(db).find("default", id)).isEmpty();
    }
  }

  @Test
  void recordDecision_withSpineCommit_storedOnlyWithTheDecidedMark() {
    try (Database db = TestDatabases.freshPostgres()) {
      JdbcCaseStore cases = new JdbcCaseStore(db);
      JdbcDecisionLog log = new JdbcDecisionLog(db);
      String policyDecision = "dec_0000000000010000000000000000004";
      ReviewCase seen =
          new JdbcPolicyActionStore(db, cases)
              .commit(opening("post-4", policyDecision), plan(policyDecision, false))
              .reviewCase();
      ReviewCase claimed =
          cases.claim("default", seen.id(), "key:mod", T0, T0.plusSeconds(900)).orElseThrow();

      String stale = "dec_0000000000010000000000000000005";
      assertThat(
              cases.recordDecision(
                  seen,
                  moderation(seen, stale),
                  null,
                  null,
                  T0,
                  new DecisionCommit(record(stale, seen.id()), List.of(), List.of())))
          .isFalse();
      assertThat(log.find("default", stale))
          .as("no record for a decision that did not take")
          .isEmpty();

      String taken = "dec_0000000000010000000000000000006";
      assertThat(
              cases.recordDecision(
                  claimed,
                  moderation(claimed, taken),
                  null,
                  null,
                  T0,
                  new DecisionCommit(
                      record(taken, seen.id()),
                      List.of(new AuditEvent("key:mod", "case.decide", "case:" + seen.id(), "{}")),
                      List.of())))
          .isTrue();
      assertThat(log.find("default", taken)).isPresent();
      assertThat(cases.find("default", seen.id()).orElseThrow().state().wireName())
          .isEqualTo("decided");
    }
  }

  private static CaseDecision moderation(ReviewCase c, String decisionId) {
    return new CaseDecision(
        decisionId,
        "default",
        c.id(),
        ModerationAction.NO_ACTION,
        DecisionGround.TERMS,
        null,
        "no violation",
        null,
        "key:mod",
        T0.plusSeconds(60),
        false,
        null);
  }
}
