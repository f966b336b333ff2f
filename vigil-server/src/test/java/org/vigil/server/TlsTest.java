package org.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.auth.ApiKeyStore;
import org.vigil.core.auth.ApiKeys;
import org.vigil.server.SelfSignedCertificate.KeyFormat;

@Timeout(60)
class TlsTest {

  /** The HTTP layer alone: no module, keys never consulted (health and metrics are public). */
  private static VigilServer start(ServerConfig config) {
    ApiKeyStore unused =
        (ApiKeyStore)
            Proxy.newProxyInstance(
                ApiKeyStore.class.getClassLoader(),
                new Class<?>[] {ApiKeyStore.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException(method.getName());
                });
    return VigilServer.start(
        config,
        new HttpApi(
            List.of(),
            new ApiKeys(unused, Clock.systemUTC()),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            () -> true));
  }

  private static int get(HttpClient client, String url) throws Exception {
    return client
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void start_withPemCertificate_servesHttpsOnly(@TempDir Path dir) throws Exception {
    SelfSignedCertificate cert =
        SelfSignedCertificate.create(dir.resolve("a"), "RSA", KeyFormat.PKCS8, 1);
    try (VigilServer server =
        start(new ServerConfig("127.0.0.1", 0, 1 << 20, cert.certFile(), cert.keyFile(), null))) {
      assertThat(server.scheme()).isEqualTo("https");
      assertThat(get(cert.client(), "https://127.0.0.1:" + server.port() + "/healthz"))
          .isEqualTo(200);
      // No plain HTTP on the port: a cleartext request gets no HTTP answer.
      assertThatThrownBy(
              () ->
                  get(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.port() + "/healthz"))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void reloadTlsIfChanged_renewedFiles_newConnectionsGetTheNewCertificate(@TempDir Path dir)
      throws Exception {
    SelfSignedCertificate first =
        SelfSignedCertificate.create(dir.resolve("live"), "RSA", KeyFormat.PKCS8, 1);
    try (VigilServer server =
        start(new ServerConfig("127.0.0.1", 0, 1 << 20, first.certFile(), first.keyFile(), null))) {
      String url = "https://127.0.0.1:" + server.port() + "/healthz";
      assertThat(server.reloadTlsIfChanged()).isFalse(); // nothing changed yet

      // Renewal in place, as certbot does: same paths, new key and certificate (PKCS#1 "RSA
      // PRIVATE KEY" this time).
      SelfSignedCertificate renewed =
          SelfSignedCertificate.create(dir.resolve("live"), "RSA", KeyFormat.TRADITIONAL, 2);
      Instant later = Instant.now().plusSeconds(10);
      SelfSignedCertificate.touch(renewed.certFile(), later);
      SelfSignedCertificate.touch(renewed.keyFile(), later);
      assertThat(server.reloadTlsIfChanged()).isTrue();

      assertThat(get(renewed.client(), url)).isEqualTo(200);
      assertThatThrownBy(() -> get(first.client(), url))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("PKIX path validation failed");
    }
  }

  @Test
  void reloadTlsIfChanged_halfWrittenRenewal_keepsTheCurrentCertificate(@TempDir Path dir)
      throws Exception {
    SelfSignedCertificate cert =
        SelfSignedCertificate.create(dir.resolve("live"), "EC", KeyFormat.PKCS8, 1);
    try (VigilServer server =
        start(new ServerConfig("127.0.0.1", 0, 1 << 20, cert.certFile(), cert.keyFile(), null))) {
      Files.writeString(cert.keyFile(), "-----BEGIN PRIVATE KEY-----\n");
      SelfSignedCertificate.touch(cert.keyFile(), Instant.now().plusSeconds(10));
      assertThat(server.reloadTlsIfChanged()).isFalse();
      assertThat(get(cert.client(), "https://127.0.0.1:" + server.port() + "/healthz"))
          .isEqualTo(200);
    }
  }

  @Test
  void load_keyOfAnotherPair_failsWithOneLineNamingTheKeyFile(@TempDir Path dir) {
    SelfSignedCertificate rsa =
        SelfSignedCertificate.create(dir.resolve("rsa"), "RSA", KeyFormat.PKCS8, 1);
    SelfSignedCertificate ec =
        SelfSignedCertificate.create(dir.resolve("ec"), "EC", KeyFormat.PKCS8, 2);
    assertThatThrownBy(() -> PemKeyStore.load(rsa.certFile(), ec.keyFile()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--tls-key " + ec.keyFile())
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> PemKeyStore.load(dir.resolve("missing.pem"), ec.keyFile()))
        .hasMessage("--tls-cert " + dir.resolve("missing.pem") + ": no such file");
    assertThatThrownBy(() -> PemKeyStore.load(ec.keyFile(), ec.keyFile()))
        .hasMessageStartingWith("--tls-cert " + ec.keyFile() + " holds no certificate");
  }
}
