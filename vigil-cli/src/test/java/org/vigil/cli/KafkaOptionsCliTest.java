package org.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil serve --kafka-config}: a missing file, a refused key or the option without {@code
 * --kafka} stop the start with one line naming the file and the key (never a value), before the
 * data directory is created or a broker is contacted.
 */
class KafkaOptionsCliTest {

  @TempDir Path dir;

  private static String oneLineFailure(CliRun run) {
    assertThat(run.exit()).as(run.out() + run.err()).isNotZero();
    assertThat(run.err().lines().toList()).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("\tat ");
    return run.err().strip();
  }

  private CliRun serve(Path data, String... more) {
    String[] args =
        Stream.concat(
                Stream.of("serve", "--port", "0", "--no-demo", "--data-dir", data.toString()),
                Stream.of(more))
            .toArray(String[]::new);
    return CliRun.of(args);
  }

  @Test
  void serve_missingKafkaConfig_oneLineNamingTheFile_nothingCreated() {
    Path data = dir.resolve("data");
    Path missing = dir.resolve("nope.properties");
    String line =
        oneLineFailure(
            serve(
                data,
                "--kafka",
                "127.0.0.1:1",
                "--role",
                "worker",
                "--kafka-config",
                "" + missing));
    assertThat(line).contains("--kafka-config").contains(missing.toString());
    assertThat(data).doesNotExist();
  }

  @Test
  void serve_kafkaConfigSettingAReservedKey_namesTheKeyNotTheSecret() throws Exception {
    Path data = dir.resolve("data");
    Path config = dir.resolve("kafka.properties");
    Files.writeString(
        config,
        "security.protocol=SASL_SSL\n"
            + "sasl.jaas.config=PlainLoginModule required password=\"hunter2-secret\";\n"
            + "enable.auto.commit=true\n");
    String line =
        oneLineFailure(
            serve(
                data, "--kafka", "127.0.0.1:1", "--role", "worker", "--kafka-config", "" + config));
    assertThat(line).contains("enable.auto.commit").doesNotContain("hunter2-secret");
    assertThat(data).doesNotExist();
  }

  @Test
  void serve_kafkaConfigWithoutKafka_isRefused() throws Exception {
    Path config = Files.writeString(dir.resolve("k.properties"), "security.protocol=SSL\n");
    String line = oneLineFailure(serve(dir.resolve("data"), "--kafka-config", "" + config));
    assertThat(line).contains("--kafka-config").contains("needs --kafka");
  }
}
