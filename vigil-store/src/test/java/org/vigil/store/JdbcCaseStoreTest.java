package org.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigil.core.review.Appeal;
import org.vigil.core.review.CaseDecision;
import org.vigil.core.review.CaseQuery;
import org.vigil.core.review.CaseState;
import org.vigil.core.review.CaseStore;
import org.vigil.core.review.DecisionGround;
import org.vigil.core.review.ModerationAction;
import org.vigil.core.review.Notice;
import org.vigil.core.review.NoticeCategory;
import org.vigil.core.review.NoticeTarget;
import org.vigil.core.review.Priority;
import org.vigil.core.review.ReporterKind;
import org.vigil.core.review.ReviewCase;
import org.vigil.core.review.StoredStatement;

/** Cases on their JDBC store, against a real PostgreSQL server. */
class JdbcCaseStoreTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  static List<TestDatabases.Kind> databases() {
    return TestDatabases.all();
  }

  private static int ids;

  private static synchronized String id(String prefix) {
    return prefix + (++ids) + "_" + System.nanoTime();
  }

  private static Notice notice(String content, String reporterRef, ReporterKind kind) {
    return new Notice(
        id("rep_"),
        "default",
        null,
        new NoticeTarget(content, "acct-1", null, "image"),
        NoticeCategory.TERMS,
        "spam",
        kind,
        reporterRef,
        null,
        "en",
        T0);
  }

  /** Places every case in "general" at normal priority, one hour out. */
  private static final CaseStore.Placer PLACER =
      facts ->
          new CaseStore.Placement(
              facts.incomingCategory(), "general", Priority.NORMAL, T0.plusSeconds(3600), false);

  private static CaseStore.Admission admit(CaseStore store, Notice notice) {
    return store.admit(
        "default",
        notice.target(),
        notice.category(),
        notice,
        id("case_"),
        "notice",
        null,
        T0,
        PLACER);
  }

  private static CaseDecision decision(ReviewCase c, String by, ModerationAction action) {
    String decisionId = id("dec_");
    return new CaseDecision(
        decisionId,
        "default",
        c.id(),
        action,
        DecisionGround.TERMS,
        null,
        "spam",
        null,
        by,
        T0.plusSeconds(60),
        false,
        action.isRestriction() ? "vigil-" + decisionId : null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void admit_noticesOnSameContent_joinOneCaseCountingDistinctReporters(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcCaseStore store = new JdbcCaseStore(db);
      CaseStore.Admission first = admit(store, notice("post-1", "a".repeat(64), ReporterKind.USER));
      CaseStore.Admission second =
          admit(store, notice("post-1", "a".repeat(64), ReporterKind.USER));
      CaseStore.Admission third =
          admit(store, notice("post-1", "b".repeat(64), ReporterKind.TRUSTED_FLAGGER));
      CaseStore.Admission other = admit(store, notice("post-2", "a".repeat(64), ReporterKind.USER));
      assertThat(first.opened()).isTrue();
      assertThat(second.opened()).isFalse();
      assertThat(second.reviewCase().id()).isEqualTo(first.reviewCase().id());
      assertThat(third.reviewCase().id()).isEqualTo(first.reviewCase().id());
      assertThat(third.reviewCase().noticeCount()).isEqualTo(3);
      assertThat(third.reviewCase().reporterCount()).isEqualTo(2);
      assertThat(third.reviewCase().trustedFlagger()).isTrue();
      assertThat(other.reviewCase().id()).isNotEqualTo(first.reviewCase().id());
      assertThat(store.file("default", first.reviewCase().id()).orElseThrow().notices()).hasSize(3);
      assertThat(store.find("other-tenant", first.reviewCase().id())).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @Timeout(60)
  void admit_concurrentFirstNotices_oneCase(TestDatabases.Kind kind) throws Exception {
    try (Database db = kind.open()) {
      JdbcCaseStore store = new JdbcCaseStore(db);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          String ref = String.format("%064d", i);
          tasks.add(() -> admit(store, notice("hot", ref, ReporterKind.USER)).reviewCase().id());
        }
        Set<String> cases = new HashSet<>();
        for (Future<String> f : pool.invokeAll(tasks)) {
          cases.add(f.get());
        }
        assertThat(cases).hasSize(1);
        ReviewCase c = store.find("default", cases.iterator().next()).orElseThrow();
        assertThat(c.noticeCount()).isEqualTo(12);
        assertThat(c.reporterCount()).isEqualTo(12);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  @Timeout(60)
  void claim_concurrentModerators_exactlyOneHoldsIt(TestDatabases.Kind kind) throws Exception {
    try (Database db = kind.open()) {
      JdbcCaseStore store = new JdbcCaseStore(db);
      String caseId = admit(store, notice("post-1", null, ReporterKind.USER)).reviewCase().id();
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          String who = "key:mod" + i;
          tasks.add(() -> store.claim("default", caseId, who, T0, T0.plusSeconds(900)).isPresent());
        }
        int winners = 0;
        for (Future<Boolean> f : pool.invokeAll(tasks)) {
          winners += f.get() ? 1 : 0;
        }
        assertThat(winners).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void claim_afterExpiry_anotherModeratorTakesIt(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcCaseStore store = new JdbcCaseStore(db);
      String caseId = admit(store, notice("post-1", null, ReporterKind.USER)).reviewCase().id();
      assertThat(store.claim("default", caseId, "key:a", T0, T0.plusSeconds(900))).isPresent();
      assertThat(store.claim("default", caseId, "key:b", T0.plusSeconds(899), T0.plusSeconds(1800)))
          .isEmpty();
      assertThat(store.claim("default", caseId, "key:a", T0.plusSeconds(10), T0.plusSeconds(910)))
          .isPresent();
      Optional<ReviewCase> taken =
          store.claim("default", caseId, "key:b", T0.plusSeconds(911), T0.plusSeconds(1800));
      assertThat(taken).isPresent();
      assertThat(taken.get().claimedBy()).isEqualTo("key:b");
      assertThat(store.release("default", caseId, "key:a")).isFalse();
      assertThat(store.release("default", caseId, "key:b")).isTrue();
      assertThat(store.find("default", caseId).orElseThrow().state()).isEqualTo(CaseState.OPEN);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void recordDecision_staleVersion_writesNothing(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcCaseStore store = new JdbcCaseStore(db);
      ReviewCase seen = admit(store, notice("post-1", null, ReporterKind.USER)).reviewCase();
      ReviewCase claimed =
          store.claim("default", seen.id(), "key:a", T0, T0.plusSeconds(900)).orElseThrow();
      assertThat(
              store.recordDecision(
                  seen, decision(seen, "key:a", ModerationAction.REMOVE), null, null, T0))
          .isFalse();
      CaseDecision removal = decision(claimed, "key:a", ModerationAction.REMOVE);
      StoredStatement statement =
          new StoredStatement(
              removal.puid(),
              "default",
              claimed.id(),
              removal.decisionId(),
              T0,
              "{}",
              "{}",
              null,
              null);
      assertThat(store.recordDecision(claimed, removal, statement, null, T0)).isTrue();
      ReviewCase decided = store.find("default", seen.id()).orElseThrow();
      assertThat(decided.state()).isEqualTo(CaseState.DECIDED);
      assertThat(decided.claimedBy()).isNull();
      assertThat(store.file("default", seen.id()).orElseThrow().decisions()).hasSize(1);
      assertThat(store.statement("default", seen.id()).orElseThrow().puid())
          .isEqualTo(removal.puid());
      // A new notice on decided content opens a new case.
      assertThat(admit(store, notice("post-1", null, ReporterKind.USER)).opened()).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void fileAppeal_decidedCase_returnsToQueueAndCountsReversal(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcCaseStore store = new JdbcCaseStore(db);
      ReviewCase seen = admit(store, notice("post-1", null, ReporterKind.USER)).reviewCase();
      ReviewCase claimed =
          store.claim("default", seen.id(), "key:a", T0, T0.plusSeconds(900)).orElseThrow();
      CaseDecision removal = decision(claimed, "key:a", ModerationAction.REMOVE);
      store.recordDecision(claimed, removal, null, null, T0);
      ReviewCase decided = store.find("default", seen.id()).orElseThrow();
      Appeal appeal =
          new Appeal(
              id("apl_"),
              "default",
              seen.id(),
              removal.decisionId(),
              "wrong",
              T0,
              null,
              null,
              null);
      assertThat(store.fileAppeal(seen, appeal, T0.plusSeconds(7200), T0)).isFalse();
      assertThat(store.fileAppeal(decided, appeal, T0.plusSeconds(7200), T0)).isTrue();
      ReviewCase appealed = store.find("default", seen.id()).orElseThrow();
      assertThat(appealed.state()).isEqualTo(CaseState.APPEALED);
      assertThat(appealed.appealPending()).isTrue();
      assertThat(
              store.list(
                  new CaseQuery("default", null, CaseState.APPEALED, null, null, null, T0, 10)))
          .extracting(ReviewCase::id)
          .containsExactly(seen.id());
      ReviewCase reclaimed =
          store.claim("default", seen.id(), "key:b", T0, T0.plusSeconds(900)).orElseThrow();
      store.recordDecision(
          reclaimed, decision(reclaimed, "key:b", ModerationAction.RESTORE), null, "reversed", T0);
      assertThat(store.file("default", seen.id()).orElseThrow().appeals().get(0).outcome())
          .isEqualTo("reversed");
      assertThat(store.counts("default")).containsEntry("appeals.reversed", 1L);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void list_overdueFirstThenPriority_filtersApply(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcCaseStore store = new JdbcCaseStore(db);
      CaseStore.Placer late =
          f ->
              new CaseStore.Placement(
                  f.incomingCategory(), "general", Priority.LOW, T0.minusSeconds(1), false);
      CaseStore.Placer urgent =
          f ->
              new CaseStore.Placement(
                  f.incomingCategory(), "csam", Priority.URGENT, T0.plusSeconds(60), true);
      Notice a = notice("a", null, ReporterKind.USER);
      Notice b = notice("b", null, ReporterKind.USER);
      Notice c = notice("c", null, ReporterKind.USER);
      String normal = admit(store, a).reviewCase().id();
      String overdue =
          store
              .admit("default", b.target(), b.category(), b, id("case_"), "notice", null, T0, late)
              .reviewCase()
              .id();
      String pressing =
          store
              .admit(
                  "default", c.target(), c.category(), c, id("case_"), "notice", null, T0, urgent)
              .reviewCase()
              .id();
      assertThat(store.list(new CaseQuery("default", null, null, null, null, null, T0, 10)))
          .extracting(ReviewCase::id)
          .containsExactly(overdue, pressing, normal);
      assertThat(store.list(new CaseQuery("default", "csam", null, null, null, null, T0, 10)))
          .extracting(ReviewCase::id)
          .containsExactly(pressing);
      assertThat(store.list(new CaseQuery("default", null, null, true, null, null, T0, 10)))
          .extracting(ReviewCase::id)
          .containsExactly(overdue);
      assertThat(store.list(new CaseQuery("default", null, null, false, null, null, T0, 10)))
          .extracting(ReviewCase::id)
          .containsExactly(pressing, normal);
      assertThat(store.dueForEscalation(T0, 10))
          .extracting(ReviewCase::id)
          .containsExactly(overdue);
      ReviewCase due = store.find("default", overdue).orElseThrow();
      assertThat(store.escalate(due, "escalations", Priority.URGENT, T0)).isTrue();
      assertThat(store.escalate(due, "escalations", Priority.URGENT, T0)).isFalse();
      assertThat(store.dueForEscalation(T0, 10)).isEmpty();
      assertThat(store.find("default", overdue).orElseThrow().queue()).isEqualTo("escalations");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void releaseExpiredClaims_pastExpiry_backToOpen(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcCaseStore store = new JdbcCaseStore(db);
      String caseId = admit(store, notice("post-1", null, ReporterKind.USER)).reviewCase().id();
      store.claim("default", caseId, "key:a", T0, T0.plusSeconds(900));
      assertThat(store.releaseExpiredClaims(T0.plusSeconds(899))).isZero();
      assertThat(store.releaseExpiredClaims(T0.plusSeconds(900))).isEqualTo(1);
      assertThat(store.find("default", caseId).orElseThrow().state()).isEqualTo(CaseState.OPEN);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void markFiled_thenRejected_filedWins(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      JdbcCaseStore store = new JdbcCaseStore(db);
      ReviewCase seen = admit(store, notice("post-1", null, ReporterKind.USER)).reviewCase();
      ReviewCase claimed =
          store.claim("default", seen.id(), "key:a", T0, T0.plusSeconds(900)).orElseThrow();
      CaseDecision removal = decision(claimed, "key:a", ModerationAction.REMOVE);
      store.recordDecision(
          claimed,
          removal,
          new StoredStatement(
              removal.puid(),
              "default",
              seen.id(),
              removal.decisionId(),
              T0,
              "{}",
              "{}",
              null,
              null),
          null,
          T0);
      store.markRejected(removal.puid(), "content_date: bad");
      assertThat(store.statementByPuid(removal.puid()).orElseThrow().filingError())
          .isEqualTo("content_date: bad");
      store.markFiled(removal.puid(), T0);
      store.markRejected(removal.puid(), "late");
      StoredStatement filed = store.statementByPuid(removal.puid()).orElseThrow();
      assertThat(filed.filedAt()).isEqualTo(T0);
      assertThat(filed.filingError()).isNull();
    }
  }
}
