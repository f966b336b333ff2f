package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.store.TestDatabases;
import org.vigil.stream.TestBroker;
import org.vigil.stream.Topics;

/**
 * Issue 20: a worker process killed with SIGKILL in the middle of a stream of scan requests, then
 * restarted, leaves every request decided exactly once: no request lost (the uncommitted ones are
 * delivered again), none decided twice (their decisions exist already), and each decision's audit
 * entry written once with it. A real broker, a real PostgreSQL, a real {@code vigil serve} process.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KafkaWorkerKillTest {

  private static final int REQUESTS = 1500;

  @TempDir Path dataDir;

  private Process worker(String bootstrap, String dbUrl) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            VigilCommand.class.getName(),
            "serve",
            "--kafka",
            bootstrap,
            "--role",
            "worker",
            "--no-demo",
            "--db-url",
            dbUrl,
            "--data-dir",
            dataDir.toString());
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().remove("VIGIL_DB_USER");
    builder.environment().remove("VIGIL_DB_PASSWORD");
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      lines.add(line);
      if (line.startsWith("worker: deciding scans")) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // discard
                    }
                  } catch (IOException ignored) {
                    // the process is gone
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return process;
      }
    }
    process.destroyForcibly();
    throw new AssertionError("worker exited before starting: " + lines);
  }

  private static long count(String dbUrl, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(dbUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long decided(String dbUrl) {
    try {
      return count(dbUrl, "SELECT count(*) FROM decisions");
    } catch (Exception e) {
      return -1; // not migrated yet
    }
  }

  @Test
  void worker_killedMidStream_restartDecidesEveryRequestExactlyOnce() throws Exception {
    String dbUrl = TestDatabases.postgresUrl();
    try (TestBroker broker = new TestBroker()) {
      Topics.ensure(org.vigil.stream.KafkaClientSettings.plain(broker.bootstrap()), 4);
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
          String json =
              "{\"version\":1,\"requestId\":\"r-"
                  + i
                  + "\",\"contentId\":\"c-"
                  + i
                  + "\",\"hashes\":{\"md5\":\""
                  + String.format("%032x", i)
                  + "\"}}";
          sent.add(
              producer.send(
                  new ProducerRecord<>(
                      Topics.REQUESTS, "c-" + i, json.getBytes(StandardCharsets.UTF_8))));
        }
        for (Future<RecordMetadata> f : sent) {
          f.get();
        }
      }

      Process first = worker(broker.bootstrap(), dbUrl);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (decided(dbUrl) < 100 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      first.destroyForcibly(); // SIGKILL: no shutdown hook, offsets of the batch in flight lost
      first.waitFor();
      long atKill = decided(dbUrl);
      assertThat(atKill).as("killed mid-stream").isBetween(100L, (long) REQUESTS - 1);

      Process second = worker(broker.bootstrap(), dbUrl);
      try {
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (count(dbUrl, "SELECT count(*) FROM scan_requests WHERE status = 'decided'")
                < REQUESTS
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
      } finally {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
        second.destroyForcibly();
      }
      // Every request decided, each exactly once, with exactly one audit entry.
      assertThat(count(dbUrl, "SELECT count(*) FROM scan_requests WHERE status = 'decided'"))
          .isEqualTo(REQUESTS);
      assertThat(count(dbUrl, "SELECT count(*) FROM decisions")).isEqualTo(REQUESTS);
      assertThat(count(dbUrl, "SELECT count(DISTINCT subject) FROM decisions")).isEqualTo(REQUESTS);
      assertThat(count(dbUrl, "SELECT count(*) FROM audit_log WHERE action_name = 'scan.decide'"))
          .isEqualTo(REQUESTS);
      // And every one announced on the results topic (at least once).
      assertThat(
              broker.readAll(Topics.RESULTS, java.time.Duration.ofSeconds(30)).stream()
                  .map(r -> r.key())
                  .distinct()
                  .count())
          .isEqualTo(REQUESTS);
    }
  }
}
