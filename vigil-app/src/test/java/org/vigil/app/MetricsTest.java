package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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

  /** The value of one series in a Prometheus scrape, or NaN when it is absent. */
  static double value(String scrape, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+|NaN)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** Scrapes until {@code ready} holds (the gauges are refreshed by a job every few seconds). */
  private static String scrapeUntil(TestServer server, Predicate<String> ready) throws Exception {
    String metrics = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      metrics = server.send("GET", "/metrics", null, null).body();
      if (ready.test(metrics)) {
        return metrics;
      }
      Thread.sleep(200);
    }
    return metrics;
  }

  @Test
  void metrics_afterScanDecideImportAndUndeliveredWebhooks_moveAndExposeEveryDashboardName()
      throws Exception {
    Set<String> wanted = dashboardMetrics();
    assertThat(wanted)
        .contains(
            "vigil_scans_total",
            "vigil_decides_total",
            "vigil_index_memory_bytes",
            "vigil_outbox_pending",
            "vigil_db_pool_connections",
            "jvm_memory_used_bytes");
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
      // A receiver that never answers (nothing listens on port 1): deliveries stay pending.
      TestServer.Reply webhook =
          server.send(
              "POST",
              "/v1/webhooks",
              admin,
              "{\"url\": \"http://127.0.0.1:1/hooks\", \"events\": [\"*\"]}");
      assertThat(webhook.status()).as(webhook.body()).isEqualTo(201);

      TestServer.Reply scan =
          server.send(
              "POST",
              "/v1/scan",
              platform,
              "{\"hashes\":{\"pdq\":\"" + ApiEndToEndTest.PDQ_A_NEAR + "\"}}");
      assertThat(scan.json().get("verdict").asText()).isEqualTo("block");
      TestServer.Reply decide =
          server.send(
              "POST",
              "/v1/decide",
              platform,
              """
              {"action": "signup", "jurisdiction": "AU", "service": {"category": "social_network"},
               "actor": {"accountId": "new-1", "birthDate": "2011-03-02"}}
              """);
      assertThat(decide.json().get("decision").asText()).as(decide.body()).isEqualTo("deny");
      System.gc(); // GC pause timers appear with the first collection

      String metrics =
          scrapeUntil(
              server,
              m ->
                  value(m, "vigil_bank_signals{bank=\"known\"}") == 1
                      && value(m, "vigil_outbox_pending{consumer=\"webhook\"}") >= 1
                      && m.contains("jvm_gc_pause_seconds")
                      // Every name, not only the first of a refresh: under load a scrape could
                      // land while the outbox gauges were being registered one after another.
                      && wanted.stream()
                          .allMatch(
                              name -> Pattern.compile("(?m)^" + name + "[{ ]").matcher(m).find()));
      for (String name : wanted) {
        assertThat(metrics).as("metric %s", name).containsPattern("(?m)^" + name + "[{ ]");
      }
      assertThat(value(metrics, "vigil_scans_total{verdict=\"block\"}")).isEqualTo(1);
      assertThat(value(metrics, "vigil_scan_matches_total{bank=\"known\"}")).isEqualTo(1);
      assertThat(value(metrics, "vigil_decides_total{action=\"signup\",verdict=\"deny\"}"))
          .isEqualTo(1);
      assertThat(metrics).containsPattern("(?m)^vigil_decide_rules_total\\{rule=\"[^\"]+\"} 1");
      assertThat(value(metrics, "vigil_decision_commit_seconds_count{kind=\"content\"}"))
          .isEqualTo(1);
      assertThat(value(metrics, "vigil_decision_commit_seconds_count{kind=\"account_action\"}"))
          .isEqualTo(1);
      assertThat(
              value(
                  metrics,
                  "vigil_http_requests_seconds_count{method=\"post\",route=\"/v1/decide\",status=\"200\"}"))
          .isEqualTo(1);
      assertThat(metrics)
          .contains("vigil_http_requests_seconds_bucket{method=\"post\",route=\"/v1/scan\"");
      // The scan's and the decide call's decision.created messages wait for the dead receiver.
      assertThat(value(metrics, "vigil_outbox_pending{consumer=\"webhook\"}")).isEqualTo(2);
      assertThat(value(metrics, "vigil_outbox_due{consumer=\"webhook\"}")).isEqualTo(2);
      assertThat(value(metrics, "vigil_outbox_dead{consumer=\"webhook\"}")).isEqualTo(0);
      Thread.sleep(1100);
      String later = server.send("GET", "/metrics", null, null).body();
      assertThat(value(later, "vigil_outbox_oldest_pending_seconds{consumer=\"webhook\"}"))
          .as("the oldest message's age grows between scrapes")
          .isGreaterThanOrEqualTo(1.0);

      // Index memory follows the banks: 2,000 MD5 signals make the MD5 index grow.
      String memory = "vigil_index_memory_bytes{bank=\"known\",index=\"md5\"}";
      double md5Before = value(metrics, memory);
      assertThat(md5Before).isPositive();
      assertThat(value(metrics, "vigil_index_memory_bytes{bank=\"known\",index=\"pdq\"}"))
          .isPositive();
      StringBuilder csv = new StringBuilder();
      for (int i = 0; i < 2000; i++) {
        csv.append("md5,")
            .append(String.format("%032x", i + 1))
            .append(",m-")
            .append(i)
            .append('\n');
      }
      TestServer.Reply imported =
          server.send(
              server
                  .request("/v1/banks/known/import", admin)
                  .header("Content-Type", "text/csv")
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString(csv.toString()))
                  .build());
      assertThat(imported.json().get("added").asInt()).as(imported.body()).isEqualTo(2000);
      String grown = scrapeUntil(server, m -> value(m, memory) > md5Before);
      assertThat(value(grown, memory)).isGreaterThan(md5Before + 2000 * 32);
      assertThat(value(grown, "vigil_bank_signals{bank=\"known\"}")).isEqualTo(2001);
    }
  }
}
