package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.jobs.PeriodicJob;

class JobSchedulerTest {

  @Test
  @Timeout(30)
  void schedule_jobThrows_keepsRunningItAndCountsEachOutcome() throws Exception {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch threeRuns = new CountDownLatch(3);
    try (JobScheduler scheduler = new JobScheduler(meters, Clock.systemUTC(), 2)) {
      scheduler.schedule(
          PeriodicJob.of(
              "flaky",
              Duration.ofMillis(20),
              () -> {
                int run = runs.incrementAndGet();
                threeRuns.countDown();
                if (run == 1) {
                  throw new IllegalStateException("database hiccup");
                }
              }));
      assertThat(threeRuns.await(20, TimeUnit.SECONDS)).isTrue();
    }
    String scrape = meters.scrape();
    assertThat(scrape)
        .contains("vigil_job_runs_seconds_count{job=\"flaky\",outcome=\"error\"} 1")
        .containsPattern("vigil_job_runs_seconds_count\\{job=\"flaky\",outcome=\"ok\"} [1-9]")
        .containsPattern("vigil_job_last_success_seconds\\{job=\"flaky\"} [1-9]");
  }

  @Test
  @Timeout(30)
  void schedule_sameNameTwice_schedulesOnce() throws Exception {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (JobScheduler scheduler = new JobScheduler(meters, Clock.systemUTC(), 1)) {
      PeriodicJob job = PeriodicJob.of("once", Duration.ofHours(1), () -> {});
      assertThat(scheduler.schedule(job)).isTrue();
      assertThat(scheduler.schedule(job)).isFalse();
      assertThat(scheduler.jobNames()).containsExactly("once");
    }
  }

  @Test
  @Timeout(30)
  void close_jobRunning_interruptsItAndWaits() throws Exception {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    JobScheduler scheduler = new JobScheduler(meters, Clock.systemUTC(), 1);
    scheduler.schedule(
        PeriodicJob.of(
            "slow",
            Duration.ofSeconds(1),
            () -> {
              started.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                Thread.currentThread().interrupt();
              }
            }));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    scheduler.close();
    assertThat(interrupted.get()).isEqualTo(1);
  }
}
