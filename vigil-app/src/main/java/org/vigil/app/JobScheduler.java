package org.vigil.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.jobs.PeriodicJob;

/**
 * The one scheduler of a Vigil process: every {@link PeriodicJob} (bank sync, court-order sweep,
 * message delivery...) runs here, each on a fixed delay so a job never overlaps itself.
 *
 * <p>Why this shape: a few daemon threads shared by all jobs, so one slow job (a webhook receiver
 * taking 30 s to answer) does not hold up the others, without a thread per job. A job that throws
 * is logged and counted and runs again at its next turn (a scheduled task that throws would
 * otherwise be silently cancelled). A job failing on every run (the database is down) is logged
 * once, then once a minute, then once when it recovers, instead of flooding the log every second.
 * Each job has a timer {@code vigil_job_runs_seconds{job,outcome}} and a gauge {@code
 * vigil_job_last_success_seconds{job}} (epoch seconds) to alert on.
 */
public final class JobScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
  private static final long REPEAT_LOG_MILLIS = 60_000;

  private final MeterRegistry meters;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor executor;
  private final Map<String, PeriodicJob> jobs = new LinkedHashMap<>();

  public JobScheduler(MeterRegistry meters, Clock clock, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    this.meters = meters;
    this.clock = clock;
    AtomicInteger count = new AtomicInteger();
    this.executor =
        new ScheduledThreadPoolExecutor(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "vigil-job-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  /**
   * Runs {@code job} now and then {@link PeriodicJob#every} after each run ends, until {@link
   * #close}.
   *
   * @return false when a job of the same name is already scheduled (it is not scheduled twice)
   */
  public synchronized boolean schedule(PeriodicJob job) {
    if (jobs.containsKey(job.name())) {
      return false;
    }
    if (executor.isShutdown()) {
      throw new IllegalStateException("the scheduler is closed");
    }
    jobs.put(job.name(), job);
    executor.scheduleWithFixedDelay(
        new Guarded(job), 0, job.every().toMillis(), TimeUnit.MILLISECONDS);
    return true;
  }

  /** The names of the scheduled jobs, in the order they were scheduled. */
  public synchronized List<String> jobNames() {
    return List.copyOf(jobs.keySet());
  }

  /**
   * Stops every job: running ones are interrupted and given 5 s to return, so none is still using
   * the database when the caller closes it.
   */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("periodic jobs still running 5 s after shutdown: {}", jobNames());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One job's runs: timing, error isolation, and the once-a-minute failure log. */
  private final class Guarded implements Runnable {
    private final PeriodicJob job;
    private final Timer ok;
    private final Timer failed;
    private final AtomicLong lastSuccess = new AtomicLong();
    private int consecutiveFailures;
    private long lastFailureLog;

    Guarded(PeriodicJob job) {
      this.job = job;
      this.ok = timer("ok");
      this.failed = timer("error");
      meters.gauge(
          "vigil_job_last_success_seconds",
          io.micrometer.core.instrument.Tags.of("job", job.name()),
          lastSuccess,
          AtomicLong::doubleValue);
    }

    private Timer timer(String outcome) {
      return Timer.builder("vigil_job_runs")
          .description("Runs of each periodic job by outcome")
          .tag("job", job.name())
          .tag("outcome", outcome)
          .register(meters);
    }

    @Override
    public void run() {
      long start = System.nanoTime();
      try {
        job.run();
        ok.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        lastSuccess.set(clock.millis() / 1000);
        if (consecutiveFailures > 0) {
          LOG.info("job {} recovered after {} failed runs", job.name(), consecutiveFailures);
          consecutiveFailures = 0;
        }
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) { // isolate: anything else must not cancel the schedule
        failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        consecutiveFailures++;
        long now = clock.millis();
        if (consecutiveFailures == 1) {
          lastFailureLog = now;
          LOG.warn("job {} failed; retrying every {}", job.name(), job.every(), e);
        } else if (now - lastFailureLog >= REPEAT_LOG_MILLIS) {
          lastFailureLog = now;
          LOG.warn(
              "job {} still failing ({} runs in a row): {}",
              job.name(),
              consecutiveFailures,
              e.toString());
        }
      }
    }
  }
}
