package org.vigil.core.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vigil.core.error.StorageException;

class CommitScopeTest {

  @Test
  void current_outsideAScope_isNull() {
    assertThat(CommitScope.current()).isNull();
    try (CommitScope scope = CommitScope.open()) {
      assertThat(CommitScope.current()).isSameAs(scope);
    }
    assertThat(CommitScope.current()).isNull();
  }

  @Test
  void open_twiceOnOneThread_throws() {
    try (CommitScope scope = CommitScope.open()) {
      assertThatThrownBy(CommitScope::open).isInstanceOf(IllegalStateException.class);
      assertThat(CommitScope.current()).isSameAs(scope);
    }
  }

  @Test
  void whenDurable_nothingDeferred_runsAtOnce() {
    AtomicInteger ran = new AtomicInteger();
    try (CommitScope scope = CommitScope.open()) {
      scope.whenDurable(ran::incrementAndGet);
      assertThat(ran).hasValue(1);
      assertThat(scope.durable()).isNull();
    }
  }

  @Test
  void whenDurable_deferredCommit_runsOnlyOnceItCompletes() {
    CompletableFuture<String> commit = new CompletableFuture<>();
    AtomicInteger ran = new AtomicInteger();
    CommitScope scope = deferredWithAction(commit, ran);
    assertThat(ran).hasValue(0);
    assertThat(scope.durable()).isNotDone();
    commit.complete("linked");
    assertThat(ran).hasValue(1);
    assertThat(scope.durable()).isCompleted();
  }

  @Test
  void whenDurable_failedCommit_neverRunsAndTheFailureIsTheCommits() {
    CompletableFuture<String> commit = new CompletableFuture<>();
    AtomicInteger ran = new AtomicInteger();
    CommitScope scope = deferredWithAction(commit, ran);
    StorageException refused = new StorageException("refused", null);
    commit.completeExceptionally(refused);
    assertThat(ran).hasValue(0);
    Throwable[] seen = new Throwable[1];
    scope.durable().whenComplete((value, failure) -> seen[0] = CommitScope.failure(failure));
    assertThat(seen[0]).isSameAs(refused);
  }

  @Test
  void defer_secondCommit_waitsForTheFirstAndIsNotQueuedWhenItFailed() {
    StorageException refused = new StorageException("refused", null);
    List<String> queued = new ArrayList<>();
    try (CommitScope scope = CommitScope.open()) {
      scope.defer(
          () -> {
            queued.add("first");
            return CompletableFuture.failedFuture(refused);
          });
      assertThatThrownBy(
              () ->
                  scope.defer(
                      () -> {
                        queued.add("second");
                        return CompletableFuture.completedFuture(null);
                      }))
          .isSameAs(refused);
    }
    assertThat(queued).containsExactly("first");
  }

  @Test
  void defer_afterClose_throws() {
    CommitScope scope = CommitScope.open();
    scope.close();
    assertThatThrownBy(() -> scope.defer(() -> CompletableFuture.completedFuture(null)))
        .isInstanceOf(IllegalStateException.class);
  }

  /**
   * A closed scope holding {@code commit} and, after it, an action counting its runs in {@code
   * ran}.
   */
  private static CommitScope deferredWithAction(
      CompletableFuture<String> commit, AtomicInteger ran) {
    CommitScope scope = CommitScope.open();
    try {
      scope.defer(() -> commit);
      scope.whenDurable(ran::incrementAndGet);
    } finally {
      scope.close();
    }
    return scope;
  }
}
