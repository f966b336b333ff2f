package org.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.store.TestDatabases;

/** The vault's and the CyberTipline's settings: defaults, parsing, and errors naming the key. */
class VaultSettingsTest {

  @Test
  void fromEnvironment_nothingSet_directoryStoreHourlySweepTenMinuteGrace() {
    VaultSettings settings = VaultSettings.fromEnvironment(Map.of());

    assertThat(settings.s3()).isNull();
    assertThat(settings.sweepEvery()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.orphanGrace()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void fromEnvironment_bucketSet_s3WithPathStyleForAnEndpoint() {
    VaultSettings settings =
        VaultSettings.fromEnvironment(
            Map.of(
                "VIGIL_VAULT_S3_BUCKET", "evidence",
                "VIGIL_VAULT_S3_ENDPOINT", "http://127.0.0.1:9000",
                "VIGIL_VAULT_S3_PREFIX", "vigil/",
                "VIGIL_VAULT_S3_ACCESS_KEY_ID", "id",
                "VIGIL_VAULT_S3_SECRET_ACCESS_KEY", "very-secret",
                "VIGIL_VAULT_SWEEP_EVERY", "PT1S",
                "VIGIL_VAULT_ORPHAN_GRACE", "PT5S"));

    assertThat(settings.s3().bucket()).isEqualTo("evidence");
    assertThat(settings.s3().endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(settings.s3().pathStyle()).isTrue();
    assertThat(settings.s3().region()).isEqualTo("us-east-1");
    assertThat(settings.s3().prefix()).isEqualTo("vigil/");
    assertThat(settings.s3().toString()).doesNotContain("very-secret");
    assertThat(settings.sweepEvery()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.orphanGrace()).isEqualTo(Duration.ofSeconds(5));
    // AWS itself: virtual-host addressing unless asked otherwise.
    assertThat(
            VaultSettings.fromEnvironment(Map.of("VIGIL_VAULT_S3_BUCKET", "evidence"))
                .s3()
                .pathStyle())
        .isFalse();
  }

  @Test
  void fromEnvironment_badValues_refusedNamingTheKey() {
    assertThatThrownBy(
            () -> VaultSettings.fromEnvironment(Map.of("VIGIL_VAULT_ORPHAN_GRACE", "ten minutes")))
        .hasMessageStartingWith("VIGIL_VAULT_ORPHAN_GRACE");
    assertThatThrownBy(
            () -> VaultSettings.fromEnvironment(Map.of("VIGIL_VAULT_SWEEP_EVERY", "PT0.001S")))
        .hasMessageStartingWith("VIGIL_VAULT_SWEEP_EVERY");
    assertThatThrownBy(
            () ->
                VaultSettings.fromEnvironment(
                    Map.of(
                        "VIGIL_VAULT_S3_BUCKET", "evidence",
                        "VIGIL_VAULT_S3_ENDPOINT", "minio:9000")))
        .hasMessageStartingWith("VIGIL_VAULT_S3_ENDPOINT");
    assertThatThrownBy(
            () ->
                VaultSettings.fromEnvironment(
                    Map.of(
                        "VIGIL_VAULT_S3_BUCKET", "evidence",
                        "VIGIL_VAULT_S3_ACCESS_KEY_ID", "id")))
        .hasMessageStartingWith(
            "VIGIL_VAULT_S3_ACCESS_KEY_ID and VIGIL_VAULT_S3_SECRET_ACCESS_KEY");
    assertThatThrownBy(
            () ->
                VaultSettings.fromEnvironment(
                    Map.of(
                        "VIGIL_VAULT_S3_BUCKET", "evidence", "VIGIL_VAULT_S3_PATH_STYLE", "yes")))
        .hasMessageStartingWith("VIGIL_VAULT_S3_PATH_STYLE");
  }

  @Test
  void vigilConfig_fromEnvironment_carriesVaultAndNcmecSettings() {
    VigilConfig config =
        VigilConfig.fromEnvironment(
            Map.of(
                "VIGIL_VAULT_SWEEP_EVERY", "PT2S",
                "VIGIL_NCMEC_SEND_EVERY", "PT0.5S",
                "VIGIL_NCMEC_COMPANY_TEMPLATE", "Example Forum: reports@example.org",
                "VIGIL_NCMEC_LEGAL_URL", "https://example.org/legal"));

    assertThat(config.vault().sweepEvery()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.ncmec().sendEvery()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.ncmec().companyTemplate()).isEqualTo("Example Forum: reports@example.org");
    assertThat(config.ncmec().legalUrl()).isEqualTo(URI.create("https://example.org/legal"));
    assertThat(VigilConfig.fromEnvironment(Map.of()).ncmec().sendEvery())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void ncmecSettings_badSendEveryOrLegalUrl_refusedNamingTheKey() {
    assertThatThrownBy(
            () -> NcmecSettings.fromEnvironment(Map.of("VIGIL_NCMEC_SEND_EVERY", "30 seconds")))
        .hasMessageStartingWith("VIGIL_NCMEC_SEND_EVERY");
    assertThatThrownBy(
            () ->
                NcmecSettings.fromEnvironment(Map.of("VIGIL_NCMEC_LEGAL_URL", "example.org/legal")))
        .hasMessageStartingWith("VIGIL_NCMEC_LEGAL_URL");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // connects to a closed port
  void open_s3BucketUnreachable_startStopsNamingTheBucketAndTheSettings(@TempDir Path dir)
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    VigilConfig config =
        TestServer.config(TestDatabases.postgresUrl(), dir)
            .withVault(
                VaultSettings.defaults()
                    .withS3(
                        new VaultSettings.S3(
                            "evidence",
                            "vigil/",
                            URI.create("http://127.0.0.1:" + closedPort),
                            null,
                            "id",
                            "secret",
                            true)));

    // The vault's wiring picks the bucket and checks it at start, instead of failing on the first
    // preservation.
    assertThatThrownBy(() -> VigilApp.open(config, Clock.systemUTC()))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("bucket 'evidence' cannot be reached")
        .hasMessageContaining("VIGIL_VAULT_S3_BUCKET");
    assertThat(dir.resolve("vault")).doesNotExist();
  }
}
