package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {

  @Test
  void fromEnvironment_snapshotAndClientSettings_areRead() {
    StreamSettings settings =
        StreamSettings.fromEnvironment(
            Map.of(
                "VIGIL_KAFKA", "broker-1:9093",
                "VIGIL_ROLE", "worker",
                "VIGIL_KAFKA_CONFIG", "/etc/vigil/kafka.properties",
                "VIGIL_INDEX_SNAPSHOT_DIR", "/srv/vigil/snapshots",
                "VIGIL_INDEX_SNAPSHOT_SECONDS", "120"));
    assertThat(settings.kafkaConfig()).isEqualTo(Path.of("/etc/vigil/kafka.properties"));
    assertThat(settings.snapshotDir(Path.of("data"))).isEqualTo(Path.of("/srv/vigil/snapshots"));
    assertThat(settings.snapshotEvery()).isEqualTo(Duration.ofSeconds(120));
    assertThat(settings.snapshots()).isTrue();
  }

  @Test
  void defaults_snapshotsEveryTenMinutesUnderTheDataDirectory_onlyWithKafka() {
    StreamSettings onKafka = StreamSettings.fromEnvironment(Map.of("VIGIL_KAFKA", "b:9092"));
    assertThat(onKafka.snapshotEvery()).isEqualTo(Duration.ofMinutes(10));
    assertThat(onKafka.snapshotDir(Path.of("data")))
        .isEqualTo(Path.of("data").resolve("index-snapshots"));
    assertThat(onKafka.snapshots()).isTrue();
    assertThat(StreamSettings.fromEnvironment(Map.of()).snapshots()).isFalse();
    assertThat(
            StreamSettings.fromEnvironment(
                    Map.of("VIGIL_KAFKA", "b:9092", "VIGIL_INDEX_SNAPSHOT_SECONDS", "0"))
                .snapshots())
        .isFalse();
  }

  @Test
  void fromEnvironment_badSnapshotInterval_namesTheKey() {
    assertThatThrownBy(
            () ->
                StreamSettings.fromEnvironment(
                    Map.of("VIGIL_KAFKA", "b:9092", "VIGIL_INDEX_SNAPSHOT_SECONDS", "-5")))
        .hasMessageContaining("VIGIL_INDEX_SNAPSHOT_SECONDS");
    assertThatThrownBy(
            () ->
                StreamSettings.fromEnvironment(
                    Map.of("VIGIL_KAFKA", "b:9092", "VIGIL_INDEX_SNAPSHOT_SECONDS", "often")))
        .hasMessageContaining("VIGIL_INDEX_SNAPSHOT_SECONDS");
  }

  @Test
  void kafkaConfig_withoutKafka_isRefused() {
    assertThatThrownBy(
            () -> StreamSettings.fromEnvironment(Map.of("VIGIL_KAFKA_CONFIG", "/x.properties")))
        .hasMessageContaining("needs --kafka");
  }
}
