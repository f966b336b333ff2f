package org.vigil.bench.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A closed-loop HTTP load generator for {@code POST /v1/decide}: {@code concurrency} threads each
 * send the next request of a fixed workload as soon as the previous answer arrives, for a fixed
 * time after a warm-up. Latencies are kept exactly (one long per request) and sorted at the end, so
 * percentiles are not approximations.
 */
final class DecideLoad {

  /** What a run measured. */
  record Result(
      int concurrency,
      double seconds,
      long requests,
      long errors,
      Map<Integer, Long> statuses,
      double perSecond,
      double p50Millis,
      double p90Millis,
      double p99Millis,
      double p999Millis,
      double maxMillis) {

    String toText() {
      return String.format(
          Locale.ROOT,
          "decide over HTTP: %d requests in %.1f s with %d connections: %.0f req/s;"
              + " latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms;"
              + " statuses %s, errors %d",
          requests,
          seconds,
          concurrency,
          perSecond,
          p50Millis,
          p90Millis,
          p99Millis,
          p999Millis,
          maxMillis,
          statuses,
          errors);
    }

    String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"concurrency\":%d,\"seconds\":%.3f,\"requests\":%d,\"errors\":%d,\"perSecond\":%.1f,"
              + "\"p50Millis\":%.3f,\"p90Millis\":%.3f,\"p99Millis\":%.3f,\"p999Millis\":%.3f,"
              + "\"maxMillis\":%.3f}",
          concurrency,
          seconds,
          requests,
          errors,
          perSecond,
          p50Millis,
          p90Millis,
          p99Millis,
          p999Millis,
          maxMillis);
    }
  }

  private DecideLoad() {}

  static Result run(
      URI decideUri,
      String key,
      List<String> bodies,
      int concurrency,
      Duration warmup,
      Duration measure)
      throws InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest[] requests = new HttpRequest[bodies.size()];
    for (int i = 0; i < requests.length; i++) {
      requests[i] =
          HttpRequest.newBuilder(decideUri)
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i)))
              .build();
    }
    // Warm-up: same loop, results discarded.
    drive(http, requests, concurrency, warmup);
    long start = System.nanoTime();
    Worker[] workers = drive(http, requests, concurrency, measure);
    double seconds = (System.nanoTime() - start) / 1e9;

    long total = 0;
    long errors = 0;
    Map<Integer, Long> statuses = new TreeMap<>();
    for (Worker worker : workers) {
      total += worker.count;
      errors += worker.errors;
      worker.statuses.forEach((status, n) -> statuses.merge(status, n, Long::sum));
    }
    long[] all = new long[(int) total];
    int offset = 0;
    for (Worker worker : workers) {
      System.arraycopy(worker.latencies, 0, all, offset, worker.count);
      offset += worker.count;
    }
    Arrays.sort(all);
    return new Result(
        concurrency,
        seconds,
        total,
        errors,
        statuses,
        total / seconds,
        percentile(all, 0.50),
        percentile(all, 0.90),
        percentile(all, 0.99),
        percentile(all, 0.999),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6);
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static Worker[] drive(
      HttpClient http, HttpRequest[] requests, int concurrency, Duration duration)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    Worker[] workers = new Worker[concurrency];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      workers[i] = new Worker(http, requests, i, concurrency, stop);
      Thread thread = new Thread(workers[i], "decide-load-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    Thread.sleep(duration.toMillis());
    stop.set(true);
    for (Thread thread : threads) {
      thread.join(60_000);
    }
    return workers;
  }

  private static final class Worker implements Runnable {
    final HttpClient http;
    final HttpRequest[] requests;
    final AtomicBoolean stop;
    final Map<Integer, Long> statuses = new TreeMap<>();
    long[] latencies = new long[1 << 14];
    int count;
    long errors;
    int next;

    Worker(HttpClient http, HttpRequest[] requests, int first, int stride, AtomicBoolean stop) {
      this.http = http;
      this.requests = requests;
      this.stop = stop;
      this.next = first % requests.length;
    }

    @Override
    public void run() {
      while (!stop.get()) {
        HttpRequest request = requests[next];
        next = (next + 1) % requests.length;
        long start = System.nanoTime();
        try {
          HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
          long elapsed = System.nanoTime() - start;
          statuses.merge(response.statusCode(), 1L, Long::sum);
          if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
          }
          latencies[count++] = elapsed;
        } catch (IOException e) {
          errors++;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
