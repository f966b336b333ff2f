package org.vigil.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a server process meets the operator's infrastructure: TLS, the reverse proxies it believes,
 * the log format. Kept beside {@link VigilConfig} (which says what Vigil does) and validated the
 * same way: each key is named when wrong. Command options override the variables.
 *
 * @param tlsCert PEM certificate chain, leaf first (VIGIL_TLS_CERT, {@code --tls-cert}); null =
 *     plain HTTP
 * @param tlsKey PEM private key of the certificate, unencrypted, readable only by Vigil
 *     (VIGIL_TLS_KEY, {@code --tls-key})
 * @param trustedProxies IP addresses of reverse proxies whose {@code Forwarded} / {@code
 *     X-Forwarded-*} headers are believed (VIGIL_TRUSTED_PROXIES, comma-separated; default none)
 * @param logFormat {@code text} or {@code json} (VIGIL_LOG_FORMAT, {@code --log-format}; default
 *     text)
 */
public record ServiceSettings(
    Path tlsCert, Path tlsKey, List<String> trustedProxies, LogFormat logFormat) {

  /** Log line format. */
  public enum LogFormat {
    TEXT,
    JSON;

    static LogFormat parse(String value, String key) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(key + " must be text or json, got '" + value + "'", e);
      }
    }
  }

  public ServiceSettings {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException(
          "--tls-cert and --tls-key (VIGIL_TLS_CERT, VIGIL_TLS_KEY) must be given together");
    }
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    for (String proxy : trustedProxies) {
      if (!proxy.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
        throw new IllegalArgumentException(
            "VIGIL_TRUSTED_PROXIES entry '" + proxy + "' is not an IP address");
      }
    }
    logFormat = logFormat == null ? LogFormat.TEXT : logFormat;
  }

  public static ServiceSettings defaults() {
    return new ServiceSettings(null, null, List.of(), LogFormat.TEXT);
  }

  /** Defaults, overridden by whichever of this record's variables {@code env} holds. */
  public static ServiceSettings fromEnvironment(Map<String, String> env) {
    String proxies = env.getOrDefault("VIGIL_TRUSTED_PROXIES", "");
    return new ServiceSettings(
        path(env.get("VIGIL_TLS_CERT")),
        path(env.get("VIGIL_TLS_KEY")),
        Arrays.stream(proxies.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        blank(env.get("VIGIL_LOG_FORMAT"))
            ? LogFormat.TEXT
            : LogFormat.parse(env.get("VIGIL_LOG_FORMAT"), "VIGIL_LOG_FORMAT"));
  }

  public ServiceSettings withTls(Path cert, Path key) {
    return new ServiceSettings(cert, key, trustedProxies, logFormat);
  }

  public ServiceSettings withLogFormat(LogFormat format) {
    return new ServiceSettings(tlsCert, tlsKey, trustedProxies, format);
  }

  public boolean tls() {
    return tlsCert != null;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static Path path(String value) {
    return blank(value) ? null : Path.of(value.trim());
  }
}
