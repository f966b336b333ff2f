package org.vigil.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.vigil.core.auth.ApiKeys;

/**
 * Everything the HTTP server serves, built by the composition root: the API modules (each already
 * holding the use cases it translates to), the key check every /v1 call goes through, the metrics
 * registry /metrics scrapes, and the database probe /healthz reports.
 *
 * @param modules the API modules, in the order they appear in the API description
 * @param keys authenticates bearer keys
 * @param meters the registry requests are timed into and /metrics scrapes
 * @param databaseUp true when the database answers (for /healthz)
 */
public record HttpApi(
    List<ApiModule> modules,
    ApiKeys keys,
    PrometheusMeterRegistry meters,
    BooleanSupplier databaseUp) {

  public HttpApi {
    modules = List.copyOf(modules);
    if (keys == null || meters == null || databaseUp == null) {
      throw new IllegalArgumentException("keys, meters and databaseUp are required");
    }
  }
}
