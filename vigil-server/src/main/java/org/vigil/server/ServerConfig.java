package org.vigil.server;

import java.nio.file.Path;
import java.util.List;

/**
 * What the HTTP server itself needs to know: where to listen, how large a request may be, TLS, and
 * which proxies may speak for clients. The composition root (vigil-app) derives it from the
 * validated VigilConfig.
 *
 * @param host interface to listen on
 * @param port TCP port, 0 = any free port
 * @param maxRequestBytes largest request body (the scan upload limit)
 * @param tlsCert PEM certificate chain (leaf first); null = plain HTTP
 * @param tlsKey PEM private key of the certificate; set exactly when {@code tlsCert} is
 * @param trustedProxies addresses whose {@code Forwarded} / {@code X-Forwarded-*} headers are
 *     believed; from anyone else those headers are ignored
 */
public record ServerConfig(
    String host,
    int port,
    long maxRequestBytes,
    Path tlsCert,
    Path tlsKey,
    List<String> trustedProxies) {

  public ServerConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException("maxRequestBytes must be positive");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key must be given together");
    }
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
  }

  /** Plain HTTP, no trusted proxy. */
  public ServerConfig(String host, int port, long maxRequestBytes) {
    this(host, port, maxRequestBytes, null, null, List.of());
  }

  public boolean tls() {
    return tlsCert != null;
  }
}
