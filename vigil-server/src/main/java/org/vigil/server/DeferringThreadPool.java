package org.vigil.server;

import java.util.ArrayDeque;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's thread pool, except that jobs handed to it while a thread writes answers in {@link
 * #deferring} are run by that thread once it has written them, instead of waking another thread for
 * each.
 *
 * <p>Why: when an answer completes on a thread other than the one that read its request (a scan
 * answered once its group commit is durable), Jetty hands the connection back to the pool to read
 * the client's next request, one thread wake-up per answer; that next read almost always finds
 * nothing yet and only re-arms the selector. The thread that wrote a batch of answers is about to
 * go idle anyway, so it does those reads itself, one after the other (docs/store.md, "Thread
 * hand-offs").
 */
final class DeferringThreadPool extends QueuedThreadPool {

  private static final Logger LOG = LoggerFactory.getLogger(DeferringThreadPool.class);

  private static final ThreadLocal<ArrayDeque<Runnable>> DEFERRED = new ThreadLocal<>();

  /**
   * A deferred job running longer than this sends the jobs after it to other threads. A read that
   * finds nothing and re-arms the selector takes a few microseconds; one that finds the client's
   * next request and handles it takes tens (a scan) to hundreds (a decide call), and handling the
   * next ones one after the other on this thread would leave the other core idle (with a 1 ms
   * bound, decide runs left the two vCPUs 28–32 % idle against 21–25 % without deferring;
   * docs/store.md, "Thread hand-offs").
   */
  static final long SLOW_JOB_NANOS = 30_000;

  /** Javalin's defaults: 8 to 250 threads, idle ones stop after a minute. */
  DeferringThreadPool() {
    super(250, 8, 60_000);
    setName("JettyServerThreadPool");
  }

  @Override
  public void execute(Runnable job) {
    ArrayDeque<Runnable> deferred = DEFERRED.get();
    if (deferred != null) {
      deferred.add(job);
      return;
    }
    super.execute(job);
  }

  /**
   * Runs {@code work}, then every job it handed to this pool, in order, on this thread, until one
   * of them takes longer than {@link #SLOW_JOB_NANOS}: the rest then go to the pool as usual. Jobs
   * handed to the pool by those jobs go to the pool as usual too.
   */
  void deferring(Runnable work) {
    if (DEFERRED.get() != null) {
      work.run();
      return;
    }
    ArrayDeque<Runnable> deferred = new ArrayDeque<>();
    DEFERRED.set(deferred);
    try {
      work.run();
    } finally {
      DEFERRED.remove();
    }
    Runnable job;
    while ((job = deferred.poll()) != null) {
      long start = System.nanoTime();
      try {
        job.run();
      } catch (RuntimeException | Error e) {
        // As QueuedThreadPool does for its jobs: the thread goes on with the next one.
        LOG.warn("job failed", e);
      }
      if (System.nanoTime() - start > SLOW_JOB_NANOS) {
        while ((job = deferred.poll()) != null) {
          super.execute(job);
        }
      }
    }
  }
}
