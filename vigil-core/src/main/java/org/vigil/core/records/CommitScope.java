package org.vigil.core.records;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The commits of one request whose caller waits for them before it answers, so that the thread
 * running the request need not: inside a scope, {@link DecisionLog#append} may return as soon as
 * its commit is queued, and registers here the future of its durability; the caller that opened the
 * scope answers only once {@link #durable()} has completed, and answers the commit's failure when
 * it fails. Outside a scope (every caller but the HTTP layer's fast path) an append returns only
 * once durable, as always.
 *
 * <p>Why: an HTTP request thread that waits for its group commit is parked and unparked once per
 * request, and a quarter of a scan's server CPU went to such hand-offs. With the scope the request
 * thread goes back to Jetty, and the group-commit writer completes the answer.
 *
 * <p>What opening a scope promises: nothing that depends on a deferred commit having happened runs
 * before {@link #durable()} completes. Code inside the scope may read back nothing it appended (the
 * row may not be there yet), and what it does after an append must not assume the commit (count it,
 * announce it, cache it): such work goes to {@link #whenDurable}. A second commit in the same scope
 * waits for the first to be durable before it is queued, so that, as without a scope, a commit that
 * fails stops what would have followed it.
 *
 * <p>A scope is bound to the thread that opened it and used by that thread only until it is closed;
 * the futures it holds may complete on any thread.
 */
public final class CommitScope implements AutoCloseable {

  private static final ThreadLocal<CommitScope> CURRENT = new ThreadLocal<>();

  /** Null until a commit is deferred; then completes once every one deferred is durable. */
  private CompletableFuture<?> durable;

  private boolean closed;

  private CommitScope() {}

  /** Opens a scope on this thread; the caller must wait for {@link #durable()} before answering. */
  public static CommitScope open() {
    if (CURRENT.get() != null) {
      throw new IllegalStateException("a commit scope is already open on this thread");
    }
    CommitScope scope = new CommitScope();
    CURRENT.set(scope);
    return scope;
  }

  /** The scope open on this thread, or null: then every commit is waited for where it is made. */
  public static CommitScope current() {
    return CURRENT.get();
  }

  /**
   * Queues a commit through {@code submit} (which returns the future of its durability) instead of
   * waiting for it. A commit deferred earlier in this scope is waited for first, and its failure
   * thrown here, so that nothing is queued after a commit that failed.
   */
  public void defer(Supplier<? extends CompletableFuture<?>> submit) {
    checkOpen();
    if (durable != null) {
      awaitDurable();
    }
    durable = submit.get();
  }

  /**
   * Runs {@code action} once every commit deferred so far is durable: at once when none is pending,
   * never when one failed. It may run on the thread that completed the commit, so it must be quick.
   */
  public void whenDurable(Runnable action) {
    checkOpen();
    if (durable == null) {
      action.run();
    } else {
      durable = durable.thenRun(action);
    }
  }

  /**
   * Completes once every commit deferred in this scope is durable (and every {@link #whenDurable}
   * action has run), or exceptionally with the first failure (see {@link #failure}); null when
   * nothing was deferred.
   */
  public CompletableFuture<?> durable() {
    return durable;
  }

  /** The failure a deferred commit's future completed with, as the commit would have thrown it. */
  public static Throwable failure(Throwable completion) {
    return completion instanceof CompletionException && completion.getCause() != null
        ? completion.getCause()
        : completion;
  }

  /** Unbinds the scope from its thread; {@link #durable()} stays readable. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      CURRENT.remove();
    }
  }

  private void awaitDurable() {
    try {
      durable.join();
    } catch (CompletionException e) {
      Throwable cause = failure(e);
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the commit scope is closed");
    }
  }
}
