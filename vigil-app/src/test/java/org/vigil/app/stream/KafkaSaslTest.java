package org.vigil.app.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.app.StartupException;
import org.vigil.app.StreamSettings;
import org.vigil.app.TestServer;
import org.vigil.app.VigilApp;
import org.vigil.core.auth.Role;
import org.vigil.store.TestDatabases;
import org.vigil.stream.TestBroker;

/**
 * Kafka client settings ({@code --kafka-config}) against a real broker that requires SASL/PLAIN:
 * with the right user an asynchronous scan goes through the API node, the broker and a worker; with
 * a wrong password the start stops with a line that names the failure and not the secret.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaSaslTest {

  private static final String PASSWORD = "vigil-test-password-4d1f";
  private static TestBroker broker;

  @TempDir Path dir;

  @BeforeAll
  static void startBroker() {
    broker = new TestBroker(Map.of("vigil", PASSWORD));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  private Path clientConfig(String password) throws Exception {
    Path file = Files.createTempFile(dir, "kafka", ".properties");
    Files.writeString(
        file,
        "security.protocol=SASL_PLAINTEXT\n"
            + "sasl.mechanism=PLAIN\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"vigil\" password=\""
            + password
            + "\";\n");
    return file;
  }

  private StreamSettings settings(StreamSettings.Role role, Path config) {
    return new StreamSettings(broker.bootstrap(), role, 4, 2).withKafkaConfig(config);
  }

  @Test
  void asyncScan_withSaslClientSettings_isDecidedByAWorker() throws Exception {
    String db = TestDatabases.postgresUrl();
    Path config = clientConfig(PASSWORD);
    try (TestServer api = TestServer.withKafka(db, settings(StreamSettings.Role.API, config));
        VigilApp worker =
            VigilApp.open(
                TestServer.config(db, Files.createTempDirectory(dir, "worker")),
                Clock.systemUTC())) {
      worker.loadBanks(settings(StreamSettings.Role.WORKER, config));
      worker.startKafka(settings(StreamSettings.Role.WORKER, config));
      String platform = api.key(Role.PLATFORM);
      TestServer.Reply queued =
          api.send(
              "POST",
              "/v1/scan?async=true",
              platform,
              "{\"hashes\":{\"md5\":\"00000000000000000000000000000001\"}}");
      assertThat(queued.status()).as(queued.body()).isEqualTo(202);
      String id = queued.json().get("requestId").asText();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String status = "";
      while (!status.equals("decided") && System.nanoTime() < deadline) {
        Thread.sleep(100);
        status =
            api.send("GET", "/v1/scan/requests/" + id, platform, null)
                .json()
                .get("status")
                .asText();
      }
      assertThat(status).isEqualTo("decided");
      // The worker counts a request once its offset is committed, just after the decision.
      while (worker.scansDecidedByWorker() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(worker.scansDecidedByWorker()).isEqualTo(1);
    }
  }

  @Test
  void start_withoutCredentials_orWithAWrongPassword_stopsWithoutShowingTheSecret()
      throws Exception {
    String db = TestDatabases.postgresUrl();
    Path wrong = clientConfig("not-the-password-9c2e");
    try (VigilApp app =
        VigilApp.open(
            TestServer.config(db, Files.createTempDirectory(dir, "node")), Clock.systemUTC())) {
      app.banks().loadAll();
      assertThatThrownBy(() -> app.startKafka(settings(StreamSettings.Role.WORKER, wrong)))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("Authentication failed")
          .hasMessageNotContaining("not-the-password-9c2e");
    }
    try (VigilApp app =
        VigilApp.open(
            TestServer.config(db, Files.createTempDirectory(dir, "plain")), Clock.systemUTC())) {
      app.banks().loadAll();
      // No client settings at all: the broker accepts no unauthenticated client.
      assertThatThrownBy(
              () ->
                  app.startKafka(
                      new StreamSettings(broker.bootstrap(), StreamSettings.Role.WORKER, 4, 2)))
          .isInstanceOf(StartupException.class);
    }
  }
}
