package org.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeferringThreadPoolTest {

  private final DeferringThreadPool pool = new DeferringThreadPool();

  @BeforeEach
  void start() throws Exception {
    pool.start();
  }

  @AfterEach
  void stop() throws Exception {
    pool.stop();
  }

  @Test
  void jobsHandedOverWhileDeferringRunAfterTheWorkOnTheSameThreadInOrder() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    pool.execute(
        () -> {
          pool.deferring(
              () -> {
                threads.add(Thread.currentThread());
                pool.execute(() -> record(ran, threads, "first"));
                pool.execute(() -> record(ran, threads, "second"));
                ran.add("work");
              });
          done.countDown();
        });

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ran).containsExactly("work", "first", "second");
    assertThat(threads).hasSize(3).allMatch(thread -> thread == threads.get(0));
  }

  @Test
  void aDeferredJobsOwnJobsGoToThePool() throws Exception {
    // The deferred job waits for the job it hands over: run on this same thread afterwards, that
    // job could never start, and the wait would time out.
    CountDownLatch nestedRan = new CountDownLatch(1);
    CountDownLatch deferredSawIt = new CountDownLatch(1);
    pool.execute(
        () ->
            pool.deferring(
                () ->
                    pool.execute(
                        () -> {
                          pool.execute(nestedRan::countDown);
                          await(nestedRan);
                          if (nestedRan.getCount() == 0) {
                            deferredSawIt.countDown();
                          }
                        })));

    assertThat(deferredSawIt.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aFailingJobDoesNotStopTheOnesAfterIt() throws Exception {
    CountDownLatch after = new CountDownLatch(1);
    pool.execute(
        () ->
            pool.deferring(
                () -> {
                  pool.execute(
                      () -> {
                        throw new IllegalStateException("a failing job (expected in this test)");
                      });
                  pool.execute(after::countDown);
                }));

    assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void afterASlowJobTheRestGoToThePool() throws Exception {
    // After the slow job, the second waits for the third: run one after the other on one thread,
    // the third could never start and the second's wait would time out.
    CountDownLatch third = new CountDownLatch(1);
    CountDownLatch secondSawThird = new CountDownLatch(1);
    pool.execute(
        () ->
            pool.deferring(
                () -> {
                  pool.execute(
                      () ->
                          sleepNanos(
                              DeferringThreadPool.SLOW_JOB_NANOS
                                  + TimeUnit.MILLISECONDS.toNanos(5)));
                  pool.execute(
                      () -> {
                        await(third);
                        if (third.getCount() == 0) {
                          secondSawThird.countDown();
                        }
                      });
                  pool.execute(third::countDown);
                }));

    assertThat(secondSawThird.await(5, TimeUnit.SECONDS)).isTrue();
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void record(List<String> ran, List<Thread> threads, String name) {
    threads.add(Thread.currentThread());
    ran.add(name);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
