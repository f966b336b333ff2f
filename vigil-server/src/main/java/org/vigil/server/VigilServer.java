package org.vigil.server;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.json.Json;

/** The HTTP server: Javalin on Jetty, the API modules, health, metrics and the API description. */
public final class VigilServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VigilServer.class);

  private final Javalin javalin;
  private final List<Routes.Route> routes;
  private final TlsCertificate tls;

  private final FastRoutes fast;

  private VigilServer(
      Javalin javalin, List<Routes.Route> routes, TlsCertificate tls, FastRoutes fast) {
    this.javalin = javalin;
    this.routes = routes;
    this.tls = tls;
    this.fast = fast;
  }

  /** Starts listening; returns once requests are accepted. */
  public static VigilServer start(ServerConfig config, HttpApi api) {
    List<ApiModule> modules = api.modules();
    // Built once every route is registered (it is completed from the route table), before the
    // server accepts its first request.
    byte[][] openApi = new byte[1][];
    Routes[] holder = new Routes[1];
    FastRoutes[] fast = new FastRoutes[1];
    TlsCertificate tls =
        config.tls() ? new TlsCertificate(config.tlsCert(), config.tlsKey()) : null;
    Javalin javalin =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jetty.host = config.host();
              cfg.jetty.port = config.port();
              if (!config.trustedProxies().isEmpty()) {
                TrustedProxies proxies = new TrustedProxies(config.trustedProxies());
                cfg.jetty.modifyHttpConfiguration(http -> http.addCustomizer(proxies));
              }
              if (tls != null) {
                // With a connector of our own Javalin opens no plain HTTP port at all.
                cfg.jetty.addConnector(
                    (server, http) -> tls.connector(server, http, config.host(), config.port()));
              }
              cfg.http.maxRequestSize = config.maxRequestBytes();
              cfg.jetty.multipartConfig.maxFileSize(config.maxRequestBytes(), SizeUnit.BYTES);
              cfg.jetty.multipartConfig.maxTotalRequestSize(
                  config.maxRequestBytes() + 1024 * 1024, SizeUnit.BYTES);
              cfg.jetty.multipartConfig.maxInMemoryFileSize(1024 * 1024, SizeUnit.BYTES);
              cfg.router.javaLangErrorHandler(
                  (response, error) -> {
                    LOG.error("fatal error while handling a request", error);
                    response.setStatus(500);
                  });
              // A known path with the wrong method is 405 with an Allow header, not 404.
              cfg.http.prefer405over404 = true;
              cfg.requestLogger.http(RequestLog::log);
              cfg.jetty.threadPool = new DeferringThreadPool();
              ErrorMapper.install(cfg.routes, path -> holder[0].allowedMethods(path));
              Routes routes = new Routes(cfg.routes, api.keys(), api.meters());
              holder[0] = routes;
              routes.publicGet("/healthz", ctx -> health(ctx, api));
              routes.publicGet(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4").result(api.meters().scrape()));
              routes.publicGet(
                  "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi[0]));
              for (ApiModule module : modules) {
                module.register(routes);
              }
              // In front of Javalin's servlet context (attached inside it at start, once every
              // route is registered): the hot JSON routes without the servlet layers.
              cfg.jetty.modifyServer(
                  server -> server.insertHandler(fast[0] = new FastRoutes(routes)));
            });
    List<Routes.Route> routes = holder[0].registered();
    try {
      openApi[0] =
          Json.MAPPER
              .writerWithDefaultPrettyPrinter()
              .writeValueAsBytes(OpenApiDocument.build(modules, routes));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    javalin.start();
    return new VigilServer(javalin, routes, tls, fast[0]);
  }

  private static void health(io.javalin.http.Context ctx, HttpApi api) {
    boolean databaseUp;
    try {
      databaseUp = api.databaseUp().getAsBoolean();
    } catch (RuntimeException e) {
      databaseUp = false;
    }
    JsonBodies.write(
        ctx,
        databaseUp ? 200 : 503,
        java.util.Map.of(
            "status", databaseUp ? "ok" : "degraded", "database", databaseUp ? "up" : "down"));
  }

  public int port() {
    return javalin.port();
  }

  /** {@code https} when serving TLS, else {@code http}. */
  public String scheme() {
    return tls != null ? "https" : "http";
  }

  /**
   * Re-reads the certificate and key when either file changed (a renewal), so new connections get
   * the new certificate without a restart; a renewal that cannot be read keeps the current one.
   *
   * @return true when a new certificate was installed
   */
  public boolean reloadTlsIfChanged() {
    return tls != null && tls.reloadIfChanged();
  }

  /**
   * How many requests the hot JSON routes answered without Javalin ({@link FastRoutes}); tests use
   * it to show a request took that path.
   */
  public long fastPathRequests() {
    return fast.served();
  }

  /** Every registered endpoint (method, path, roles). */
  public List<Routes.Route> routes() {
    return routes;
  }

  @Override
  public void close() {
    javalin.stop();
  }
}
