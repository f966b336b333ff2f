package org.vigil.server;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers whose commits completed, written by one pool thread at a time: the group-commit writer
 * completes a whole batch of commits at once, and handing each answer to a thread of its own would
 * cost a thread wake-up per request on that single serial thread (what parking each request thread
 * on its commit cost before). Here the first answer of a batch wakes one thread, which writes every
 * answer queued by the time it looks (a Jetty write does not block), so a batch costs about one
 * wake-up.
 */
final class AnswerQueue {

  private static final Logger LOG = LoggerFactory.getLogger(AnswerQueue.class);

  private final Queue<Runnable> ready = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Executor executor;

  /**
   * @param executor runs the draining task (Jetty's thread pool); it may run it on the calling
   *     thread when it cannot take it
   */
  AnswerQueue(Executor executor) {
    this.executor = executor;
  }

  /** Queues {@code answer}; some thread runs it soon, in the order queued. */
  void add(Runnable answer) {
    ready.add(answer);
    if (draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    do {
      Runnable answer;
      while ((answer = ready.poll()) != null) {
        try {
          answer.run();
        } catch (RuntimeException | Error e) {
          LOG.error("could not write an answer", e);
        }
      }
      draining.set(false);
      // Added after the last poll but before the flag was cleared: nobody else will drain it.
    } while (!ready.isEmpty() && draining.compareAndSet(false, true));
  }
}
