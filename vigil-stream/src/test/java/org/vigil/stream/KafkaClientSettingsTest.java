package org.vigil.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTest {

  @TempDir Path dir;

  private Path file(String text) throws Exception {
    Path file = dir.resolve("kafka.properties");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void readFile_securitySettings_reachEveryClientWhileVigilKeepsItsOwn() throws Exception {
    Map<String, String> client =
        KafkaClientSettings.readFile(
            file(
                "security.protocol=SASL_SSL\n"
                    + "sasl.mechanism=SCRAM-SHA-512\n"
                    + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                    + " required username=\"vigil\" password=\"s3cret-value\";\n"
                    + "ssl.truststore.location=/etc/kafka/truststore.p12\n"
                    + "linger.ms=20\n"));
    KafkaClientSettings settings = new KafkaClientSettings("broker-1:9093", client);

    Properties producer = settings.producer("p");
    assertThat(producer.getProperty("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(producer.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
    assertThat(producer.getProperty("ssl.truststore.location"))
        .isEqualTo("/etc/kafka/truststore.p12");
    assertThat(producer.getProperty("linger.ms")).isEqualTo("20");
    assertThat(producer.getProperty("acks")).isEqualTo("all");
    assertThat(producer.getProperty("enable.idempotence")).isEqualTo("true");
    assertThat(producer.getProperty("bootstrap.servers")).isEqualTo("broker-1:9093");

    Properties consumer =
        settings.consumer("c", "vigil-workers", Map.of("max.poll.records", "500"));
    assertThat(consumer.getProperty("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(consumer.getProperty("sasl.jaas.config")).contains("s3cret-value");
    assertThat(consumer.getProperty("enable.auto.commit")).isEqualTo("false");
    assertThat(consumer.getProperty("group.id")).isEqualTo("vigil-workers");
    assertThat(consumer.getProperty("max.poll.records")).isEqualTo("500");

    Properties admin = settings.admin();
    assertThat(admin.getProperty("security.protocol")).isEqualTo("SASL_SSL");
    assertThat(admin.getProperty("sasl.jaas.config")).contains("s3cret-value");

    // What is printed names the keys only.
    assertThat(settings.toString())
        .contains("broker-1:9093", "sasl.jaas.config", "security.protocol")
        .doesNotContain("s3cret-value", "SCRAM", "truststore.p12");
  }

  @Test
  void consumer_operatorOverridesVigilsTuning() {
    KafkaClientSettings settings =
        new KafkaClientSettings("b:9092", Map.of("max.poll.records", "50"));
    assertThat(
            settings
                .consumer("c", null, Map.of("max.poll.records", "500"))
                .getProperty("max.poll.records"))
        .isEqualTo("50");
  }

  @Test
  void readFile_reservedKey_isRefusedNamingTheKeyNotTheValue() throws Exception {
    Path file = file("enable.auto.commit=true\nsasl.jaas.config=secret-jaas\n");
    assertThatThrownBy(() -> KafkaClientSettings.readFile(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("enable.auto.commit")
        .hasMessageContaining(file.toString())
        .hasMessageNotContaining("secret-jaas");
    assertThatThrownBy(() -> KafkaClientSettings.readFile(file("bootstrap.servers=x:1\n")))
        .hasMessageContaining("--kafka");
    assertThatThrownBy(
            () -> new KafkaClientSettings("b:9092", Map.of("group.id", "mine")).producer("p"))
        .hasMessageContaining("group.id");
  }

  @Test
  void readFile_missing_namesTheFile() {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> KafkaClientSettings.readFile(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void readFile_malformedEscape_doesNotQuoteTheLine() throws Exception {
    Path file = file("sasl.jaas.config=password=\"abc\\uZZZZ\"\n");
    assertThatThrownBy(() -> KafkaClientSettings.readFile(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageNotContaining("abc");
  }
}
