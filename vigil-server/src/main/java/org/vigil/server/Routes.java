package org.vigil.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.vigil.core.auth.ApiKeys;
import org.vigil.core.auth.Principal;
import org.vigil.core.auth.Role;

/**
 * Registers endpoints with their allowed roles. Every {@code /v1} route goes through {@link
 * #secured}: the bearer key is checked (401 when missing, unknown or revoked), then the role (403),
 * then the handler runs. Each route's latency is recorded by route template, never by raw path, so
 * ids cannot explode the metric's cardinality.
 */
public final class Routes {

  /** How a route's caller is authenticated. */
  public enum Access {
    /** Anyone (health, metrics, the API description, the console's login form). */
    PUBLIC,
    /** A bearer API key whose role the route admits ({@link Route#roles}). */
    API_KEY,
    /** The moderator console's session cookie, checked by the page itself. */
    CONSOLE_SESSION
  }

  /**
   * A registered endpoint: the API description is completed from these (auth errors, roles) and a
   * test checks every one is documented.
   */
  public record Route(String method, String path, Set<Role> roles, Access access) {
    public Route {
      roles = Set.copyOf(roles);
    }
  }

  private final RoutesConfig config;
  private final ApiKeys keys;
  private final MeterRegistry meters;
  private final List<Route> registered = new ArrayList<>();

  Routes(RoutesConfig config, ApiKeys keys, MeterRegistry meters) {
    this.config = config;
    this.keys = keys;
    this.meters = meters;
  }

  public void get(String path, ApiHandler handler, Role... roles) {
    config.get(path, secured("GET", path, handler, roles));
  }

  public void post(String path, ApiHandler handler, Role... roles) {
    config.post(path, secured("POST", path, handler, roles));
  }

  /**
   * A POST whose JSON requests are answered by {@code json} alone: for a request with a JSON
   * content type and no query string, {@code handler} must do exactly {@code JsonBodies.write(ctx,
   * 200, json.handle(JsonEndpoint.of(ctx), caller))}. {@link FastRoutes} serves such requests
   * without Javalin; every other request goes to {@code handler}.
   */
  public void post(String path, ApiHandler handler, JsonEndpoint json, Role... roles) {
    post(path, handler, roles);
    // The same role set (and order, for the 403's message) as the Javalin route's.
    fast.put(
        path, new FastRoute(path, EnumSet.of(roles[0], roles), timers.get("POST " + path), json));
  }

  /** A POST answered by {@code json} alone, whatever its content type. */
  public void postJson(String path, JsonEndpoint json, Role... roles) {
    post(
        path,
        (ctx, caller) -> JsonBodies.write(ctx, 200, json.handle(JsonEndpoint.of(ctx), caller)),
        json,
        roles);
  }

  /** A route {@link FastRoutes} may serve: its roles, its latency timer, its JSON core. */
  record FastRoute(String path, Set<Role> roles, RouteTimer timer, JsonEndpoint json) {}

  private final Map<String, FastRoute> fast = new LinkedHashMap<>();

  private final Map<String, RouteTimer> timers = new LinkedHashMap<>();

  /** The POST routes {@link FastRoutes} may serve, by path. */
  Map<String, FastRoute> fastRoutes() {
    return Map.copyOf(fast);
  }

  public void put(String path, ApiHandler handler, Role... roles) {
    config.put(path, secured("PUT", path, handler, roles));
  }

  public void patch(String path, ApiHandler handler, Role... roles) {
    config.patch(path, secured("PATCH", path, handler, roles));
  }

  public void delete(String path, ApiHandler handler, Role... roles) {
    config.delete(path, secured("DELETE", path, handler, roles));
  }

  /** An endpoint anyone may call (health, metrics, the API description). */
  public void publicGet(String path, Handler handler) {
    registered.add(new Route("GET", path, Set.of(), Access.PUBLIC));
    addAllowed("GET", path);
    config.get(path, timed("GET", path, handler));
  }

  /**
   * A page of the moderator console: authenticated by the console's own session cookie (not an API
   * key), so the handler checks the session itself.
   */
  public void consoleGet(String path, Handler handler) {
    registered.add(new Route("GET", path, Set.of(), Access.CONSOLE_SESSION));
    addAllowed("GET", path);
    config.get(path, timed("GET", path, handler));
  }

  /** A console form target; as {@link #consoleGet}, and the handler checks the CSRF token. */
  public void consolePost(String path, Handler handler) {
    registered.add(new Route("POST", path, Set.of(), Access.CONSOLE_SESSION));
    addAllowed("POST", path);
    config.post(path, timed("POST", path, handler));
  }

  public List<Route> registered() {
    return List.copyOf(registered);
  }

  /**
   * Histogram buckets of {@code vigil_http_requests_seconds}: few enough to keep one series per
   * route and status affordable, spread over what a scan (milliseconds) and an import (seconds)
   * take.
   */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(10)
  };

  /** Route templates as patterns, with the methods each admits (for 405's Allow header). */
  private final Map<String, Set<String>> methodsByTemplate = new LinkedHashMap<>();

  private final Map<String, Pattern> patterns = new LinkedHashMap<>();

  private synchronized void addAllowed(String method, String path) {
    methodsByTemplate.computeIfAbsent(path, p -> new TreeSet<>()).add(method);
    patterns.computeIfAbsent(
        path, p -> Pattern.compile(Pattern.quote(p).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q")));
  }

  /** The methods a request path admits, e.g. {@code GET, POST}; empty when no route matches it. */
  synchronized String allowedMethods(String requestPath) {
    Set<String> methods = new TreeSet<>();
    for (Map.Entry<String, Pattern> entry : patterns.entrySet()) {
      if (entry.getValue().matcher(requestPath).matches()) {
        methods.addAll(methodsByTemplate.get(entry.getKey()));
      }
    }
    return String.join(", ", methods);
  }

  private Handler secured(String method, String path, ApiHandler handler, Role... roles) {
    if (roles.length == 0) {
      throw new IllegalArgumentException(method + " " + path + " must admit at least one role");
    }
    Set<Role> allowed = EnumSet.of(roles[0], roles);
    registered.add(new Route(method, path, allowed, Access.API_KEY));
    addAllowed(method, path);
    return timed(
        method,
        path,
        ctx -> {
          Principal caller =
              authorize(
                  method,
                  path,
                  allowed,
                  ctx.header("Authorization"),
                  ctx::header,
                  known -> ctx.attribute(RequestLog.PRINCIPAL, known));
          handler.handle(ctx, caller);
        });
  }

  /**
   * Checks the bearer key (401 when missing, unknown or revoked) and then the caller's role (403)
   * for {@code method path}.
   *
   * @param header sets a response header (WWW-Authenticate on a 401)
   * @param authenticated told the caller once the key is known, before the role check (the request
   *     log names the key of a 403)
   */
  Principal authorize(
      String method,
      String path,
      Set<Role> allowed,
      String authorization,
      java.util.function.BiConsumer<String, String> header,
      java.util.function.Consumer<Principal> authenticated) {
    Principal caller = authenticate(authorization, header);
    authenticated.accept(caller);
    if (!allowed.contains(caller.role())) {
      throw ApiException.forbidden(
          "role '"
              + caller.role().wireName()
              + "' may not call "
              + method
              + " "
              + path
              + "; allowed: "
              + allowed.stream().map(Role::wireName).toList());
    }
    return caller;
  }

  private Principal authenticate(
      String header, java.util.function.BiConsumer<String, String> setHeader) {
    if (header == null || header.isBlank()) {
      setHeader.accept("WWW-Authenticate", "Bearer");
      throw ApiException.unauthenticated("missing API key: send Authorization: Bearer <key>");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      setHeader.accept("WWW-Authenticate", "Bearer");
      throw ApiException.unauthenticated("Authorization must use the Bearer scheme");
    }
    return keys.authenticate(header.substring(7).trim())
        .orElseThrow(
            () -> {
              setHeader.accept("WWW-Authenticate", "Bearer error=\"invalid_token\"");
              return ApiException.unauthenticated("API key is unknown or revoked");
            });
  }

  private Handler timed(String method, String path, Handler handler) {
    RouteTimer timer = new RouteTimer(method, path, meters);
    timers.put(method + " " + path, timer);
    return ctx -> {
      long start = System.nanoTime();
      ctx.attribute(RequestLog.ROUTE, path);
      int status = 200;
      try {
        handler.handle(ctx);
        status = ctx.status().getCode();
      } catch (Exception e) {
        status = ErrorMapper.statusOf(e);
        throw e;
      } finally {
        timer.record(status, System.nanoTime() - start);
      }
    };
  }

  /**
   * A route's latency by status ({@code vigil_http_requests}): one timer per status the route has
   * answered, looked up without building a meter id (tags, sorting, the registry's map) on every
   * request.
   */
  static final class RouteTimer {
    private final String method;
    private final String path;
    private final MeterRegistry meters;
    private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();

    RouteTimer(String method, String path, MeterRegistry meters) {
      this.method = method;
      this.path = path;
      this.meters = meters;
    }

    void record(int status, long nanos) {
      timers
          .computeIfAbsent(
              status,
              code ->
                  Timer.builder("vigil_http_requests")
                      .description("HTTP requests by route template and status")
                      .tag("method", method.toLowerCase(Locale.ROOT))
                      .tag("route", path)
                      .tag("status", Integer.toString(code))
                      .serviceLevelObjectives(LATENCY_BUCKETS)
                      .register(meters))
          .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }
}
