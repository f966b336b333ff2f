package org.vigil.server;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.auth.Principal;

/**
 * One line per request on the logger {@code vigil.access}: method, route template (never the raw
 * path, which can hold content or account ids), status, latency, the calling key's id and tenant,
 * and the client address. Never a body, a query string, an upload's hash or any other identifier.
 * The fields are also attached as key-value pairs, so {@code --log-format json} gives them as JSON
 * fields.
 */
final class RequestLog {

  /** Context attributes set by {@link Routes} for this log. */
  static final String ROUTE = "vigil.route";

  static final String PRINCIPAL = "vigil.principal";

  private static final Logger LOG = LoggerFactory.getLogger("vigil.access");

  private RequestLog() {}

  static void log(Context ctx, Float millis) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    log(
        ctx.method().name(),
        ctx.attribute(ROUTE),
        ctx.statusCode(),
        millis == null ? 0 : Math.round(millis),
        ctx.attribute(PRINCIPAL),
        ctx.ip());
  }

  /** The line of a request served without Javalin ({@link FastRoutes}). */
  static void log(
      String method, String route, int status, long ms, Principal caller, String client) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    String shownRoute = route != null ? route : "(no route)";
    String key = caller != null ? caller.keyId() : "-";
    String tenant = caller != null ? caller.tenant() : "-";
    LOG.atInfo()
        .addKeyValue("method", method)
        .addKeyValue("route", shownRoute)
        .addKeyValue("status", status)
        .addKeyValue("ms", ms)
        .addKeyValue("key", key)
        .addKeyValue("tenant", tenant)
        .addKeyValue("client", client)
        .log(
            "{} {} {} {} ms key={} tenant={} client={}",
            method,
            shownRoute,
            status,
            ms,
            key,
            tenant,
            client);
  }
}
