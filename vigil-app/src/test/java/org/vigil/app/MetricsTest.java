package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.core.auth.Role;
import org.vigil.core.json.Json;
import org.vigil.store.TestDatabases;

/** /metrics carries every name the Grafana dashboard in docs/ is built on. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetricsTest {

  private static final Path DASHBOARD = Path.of("..", "docs", "grafana-dashboard.json");

  /** Metric names in the dashboard's PromQL: identifiers followed by a selector or a range. */
  static Set<String> dashboardMetrics() throws Exception {
    JsonNode dashboard = Json.MAPPER.readTree(Files.readString(DASHBOARD));
    Set<String> names = new TreeSet<>();
    Pattern metric = Pattern.compile("\\b((?:vigil|jvm|process)_[a-z_]+)\\b");
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        Matcher m = metric.matcher(target.get("expr").asText());
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  @Test
  void metrics_afterAScanThatMatches_exposeEveryDashboardName() throws Exception {
    Set<String> wanted = dashboardMetrics();
    assertThat(wanted)
        .contains("vigil_scans_total", "vigil_db_pool_connections", "jvm_memory_used_bytes");
    try (TestServer server = new TestServer(TestDatabases.postgresUrl(), "postgres", "postgres")) {
      String admin = server.adminKey;
      String platform = server.key(Role.PLATFORM);
      server.send(
          "POST",
          "/v1/banks",
          admin,
          "{\"name\":\"known\",\"description\":\"test\",\"pdqThreshold\":31,\"action\":\"block\"}");
      server.send(
          "POST",
          "/v1/banks/known/signals",
          admin,
          "{\"type\":\"pdq\",\"value\":\"" + ApiEndToEndTest.PDQ_A + "\",\"source\":\"test\"}");
      TestServer.Reply scan =
          server.send(
              "POST",
              "/v1/scan",
              platform,
              "{\"hashes\":{\"pdq\":\"" + ApiEndToEndTest.PDQ_A_NEAR + "\"}}");
      assertThat(scan.json().get("verdict").asText()).isEqualTo("block");
      // The hook outbox consumers report through (webhooks, NCMEC...).
      server.app().serviceMetrics().outboxBacklog("test", () -> 3, () -> Duration.ofSeconds(42));
      System.gc(); // GC pause timers appear with the first collection

      String metrics = "";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        metrics = server.send("GET", "/metrics", null, null).body();
        if (metrics.contains("vigil_bank_signals{bank=\"known\"} 1")
            && metrics.contains("jvm_gc_pause_seconds")) {
          break;
        }
        Thread.sleep(200);
      }
      for (String name : wanted) {
        assertThat(metrics).as("metric %s", name).containsPattern("(?m)^" + name + "[{ ]");
      }
      assertThat(metrics)
          .contains("vigil_scans_total{verdict=\"block\"} 1")
          .contains("vigil_scan_matches_total{bank=\"known\"} 1")
          .contains("vigil_bank_signals{bank=\"known\"} 1")
          .contains("vigil_outbox_oldest_pending_seconds{consumer=\"test\"} 42")
          .contains("vigil_http_requests_seconds_bucket{method=\"post\",route=\"/v1/scan\"");
    }
  }
}
