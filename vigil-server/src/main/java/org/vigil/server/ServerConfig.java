package org.vigil.server;

/**
 * What the HTTP server itself needs to know: where to listen and how large a request may be. The
 * composition root (vigil-app) derives it from the validated VigilConfig.
 *
 * @param host interface to listen on
 * @param port TCP port, 0 = any free port
 * @param maxRequestBytes largest request body (the scan upload limit)
 */
public record ServerConfig(String host, int port, long maxRequestBytes) {

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
  }
}
