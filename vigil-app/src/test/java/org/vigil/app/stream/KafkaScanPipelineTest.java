package org.vigil.app.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.app.StreamSettings;
import org.vigil.app.TestDirs;
import org.vigil.app.TestServer;
import org.vigil.app.VigilApp;
import org.vigil.core.auth.Role;
import org.vigil.core.json.Json;
import org.vigil.core.matcher.ScanHashes;
import org.vigil.hash.PdqHash;
import org.vigil.store.TestDatabases;
import org.vigil.stream.TestBroker;
import org.vigil.stream.Topics;

/**
 * The scan pipeline on a real Kafka broker and a real PostgreSQL: an API node queues scans, worker
 * processes (here: their own {@link VigilApp}s, each with its own in-memory index) decide them.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaScanPipelineTest {

  private static final String PDQ_BAD =
      "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

  private static TestBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = new TestBroker();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  /** A worker process: its own wiring and index over the shared database, no HTTP. */
  private static VigilApp worker(String dbUrl) throws Exception {
    VigilApp app =
        VigilApp.open(TestServer.config(dbUrl, TestDirs.create("vigil-worker")), Clock.systemUTC());
    app.banks().loadAll();
    app.startBankSync();
    app.startKafka(new StreamSettings(broker.bootstrap(), StreamSettings.Role.WORKER, 12, 4));
    return app;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static String submit(TestServer api, String key, String contentId, String md5) {
    TestServer.Reply reply =
        api.send(
            "POST",
            "/v1/scan?async=true",
            key,
            "{\"hashes\":{\"md5\":\""
                + md5
                + "\"},\"context\":{\"contentId\":\""
                + contentId
                + "\"}}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    return reply.json().get("requestId").asText();
  }

  private static String md5(int i) {
    return String.format("%032x", i);
  }

  private static long decisionsCount(VigilApp app) throws Exception {
    try (var c = app.database().dataSource().getConnection();
        var s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM decisions WHERE kind = 'content'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void asyncScans_twoWorkersAndRebalances_everyRequestDecidedExactlyOnce() throws Exception {
    String db = TestDatabases.postgresUrl();
    try (TestServer api =
        TestServer.withKafka(
            db, new StreamSettings(broker.bootstrap(), StreamSettings.Role.API, 12, 4))) {
      String admin = api.adminKey;
      String platform = api.key(Role.PLATFORM);
      api.send("POST", "/v1/banks", admin, "{\"name\":\"known\",\"action\":\"block\"}");
      assertThat(
              api.send(
                      "POST",
                      "/v1/banks/known/signals",
                      admin,
                      "{\"type\":\"md5\",\"value\":\"" + md5(7) + "\"}")
                  .status())
          .isEqualTo(201);

      List<String> ids = new ArrayList<>();
      VigilApp first = worker(db);
      VigilApp second = null;
      long secondDecided = 0;
      try {
        for (int i = 0; i < 60; i++) {
          ids.add(submit(api, platform, "c-" + i, md5(i)));
        }
        // A second worker joins mid-stream: the group rebalances.
        second = worker(db);
        for (int i = 60; i < 120; i++) {
          ids.add(submit(api, platform, "c-" + i, md5(i)));
        }
        // The first leaves mid-stream: its partitions go to the second.
        first.close();
        first = null;
        for (int i = 120; i < 160; i++) {
          ids.add(submit(api, platform, "c-" + i, md5(i)));
        }
        await(
            "every request decided",
            () ->
                ids.stream()
                    .allMatch(
                        id ->
                            api.send("GET", "/v1/scan/requests/" + id, platform, null)
                                .json()
                                .get("status")
                                .asText()
                                .equals("decided")));
        secondDecided = second.scansDecidedByWorker();
      } finally {
        if (first != null) {
          first.close();
        }
        if (second != null) {
          second.close();
        }
      }
      // The requests after the first left could only go to the second.
      assertThat(secondDecided).isGreaterThanOrEqualTo(40);
      // Exactly once: one decision per request, none lost, none twice.
      assertThat(decisionsCount(api.app())).isEqualTo(160);
      JsonNode matched = api.send("GET", "/v1/scan/requests/" + ids.get(7), platform, null).json();
      assertThat(matched.get("contentId").asText()).isEqualTo("c-7");
      assertThat(matched.get("decision").get("verdict").asText()).isEqualTo("block");
      assertThat(matched.get("decision").get("subject").asText()).isEqualTo("c-7");
      assertThat(
              api.send("GET", "/v1/scan/requests/" + ids.get(8), platform, null)
                  .json()
                  .get("decision")
                  .get("verdict")
                  .asText())
          .isEqualTo("allow");
      // Every decision is on the results topic (at least once), named by its request.
      Set<String> results = new HashSet<>();
      for (ConsumerRecord<String, byte[]> r :
          broker.readAll(Topics.RESULTS, Duration.ofSeconds(20))) {
        results.add(r.key());
      }
      assertThat(results).containsAll(ids);
      // Another tenant cannot see the request.
      String otherTenant =
          api.send("POST", "/v1/keys", admin, "{\"role\":\"platform\",\"tenant\":\"other\"}")
              .json()
              .get("key")
              .asText();
      TestServer.Reply hidden =
          api.send("GET", "/v1/scan/requests/" + ids.get(0), otherTenant, null);
      assertThat(hidden.status()).isEqualTo(404);
      assertThat(hidden.json().get("error").asText()).isEqualTo("not_found");
    }
  }

  @Test
  void bankChange_reachesEveryWorkerIndex() throws Exception {
    String db = TestDatabases.postgresUrl();
    try (TestServer api =
            TestServer.withKafka(
                db, new StreamSettings(broker.bootstrap(), StreamSettings.Role.API, 12, 4));
        VigilApp one = worker(db);
        VigilApp two = worker(db)) {
      String admin = api.adminKey;
      api.send("POST", "/v1/banks", admin, "{\"name\":\"fresh\",\"action\":\"review\"}");
      ScanHashes query = new ScanHashes(PdqHash.fromHex(PDQ_BAD), -1, null, null);
      assertThat(one.matcher().match(query, true)).isEmpty();
      api.send(
          "POST",
          "/v1/banks/fresh/signals",
          admin,
          "{\"type\":\"pdq\",\"value\":\"" + PDQ_BAD + "\"}");
      await("worker one matches", () -> !one.matcher().match(query, true).isEmpty());
      await("worker two matches", () -> !two.matcher().match(query, true).isEmpty());
      assertThat(two.matcher().match(query, true).get(0).bank()).isEqualTo("fresh");
    }
  }

  @Test
  void poisonMessages_goToTheDeadTopic_andThePartitionMovesOn() throws Exception {
    String db = TestDatabases.postgresUrl();
    try (TestServer api =
            TestServer.withKafka(
                db, new StreamSettings(broker.bootstrap(), StreamSettings.Role.API, 12, 4));
        VigilApp worker = worker(db)) {
      String platform = api.key(Role.PLATFORM);
      // The same key: one partition, the good request behind the two bad ones.
      broker.publish(Topics.REQUESTS, "poison", "not json".getBytes(StandardCharsets.UTF_8));
      broker.publish(
          Topics.REQUESTS,
          "poison",
          "{\"version\":1,\"requestId\":\"bad-pdq\",\"hashes\":{\"pdq\":\"zz\"}}"
              .getBytes(StandardCharsets.UTF_8));
      broker.publish(
          Topics.REQUESTS,
          "poison",
          ("{\"version\":1,\"requestId\":\"good-1\",\"contentId\":\"poison\",\"hashes\":{\"md5\":\""
                  + md5(1)
                  + "\"}}")
              .getBytes(StandardCharsets.UTF_8));
      await(
          "the request behind the poison decided",
          () ->
              api.send("GET", "/v1/scan/requests/good-1", platform, null).status() == 200
                  && api.send("GET", "/v1/scan/requests/good-1", platform, null)
                      .json()
                      .get("status")
                      .asText()
                      .equals("decided"));
      Map<String, String> reasons = new HashMap<>();
      await(
          "two dead letters", () -> broker.readAll(Topics.DEAD, Duration.ofSeconds(5)).size() >= 2);
      for (ConsumerRecord<String, byte[]> r : broker.readAll(Topics.DEAD, Duration.ofSeconds(5))) {
        JsonNode dead = Json.MAPPER.readTree(r.value());
        reasons.put(dead.get("payload").asText(), dead.get("reason").asText());
      }
      assertThat(reasons.get("not json")).startsWith("not JSON");
      assertThat(reasons.values()).contains("hashes.pdq must be 64 hex characters");
      JsonNode failed = api.send("GET", "/v1/scan/requests/bad-pdq", platform, null).json();
      assertThat(failed.get("status").asText()).isEqualTo("failed");
      assertThat(failed.get("reason").asText()).isEqualTo("hashes.pdq must be 64 hex characters");
      assertThat(worker.scansDecidedByWorker()).isEqualTo(1);
    }
  }

  @Test
  void asyncScan_withoutKafka_isRefusedWithAReason() {
    try (TestServer api = new TestServer(TestDatabases.postgresUrl(), null, null)) {
      String platform = api.key(Role.PLATFORM);
      TestServer.Reply reply =
          api.send(
              "POST", "/v1/scan?async=true", platform, "{\"hashes\":{\"md5\":\"" + md5(1) + "\"}}");
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().get("error").asText()).isEqualTo("async_unavailable");
      assertThat(reply.json().get("field").asText()).isEqualTo("async");
      assertThat(api.send("GET", "/v1/scan/requests/nope", platform, null).status()).isEqualTo(404);
    }
  }
}
