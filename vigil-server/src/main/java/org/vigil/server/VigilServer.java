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

  private VigilServer(Javalin javalin, List<Routes.Route> routes) {
    this.javalin = javalin;
    this.routes = routes;
  }

  /** Starts listening; returns once requests are accepted. */
  public static VigilServer start(ServerConfig config, HttpApi api) {
    List<ApiModule> modules = api.modules();
    byte[] openApi;
    try {
      openApi =
          Json.MAPPER
              .writerWithDefaultPrettyPrinter()
              .writeValueAsBytes(OpenApiDocument.build(modules));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Routes[] holder = new Routes[1];
    Javalin javalin =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jetty.host = config.host();
              cfg.jetty.port = config.port();
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
              ErrorMapper.install(cfg.routes);
              Routes routes = new Routes(cfg.routes, api.keys(), api.meters());
              holder[0] = routes;
              routes.publicGet("/healthz", ctx -> health(ctx, api));
              routes.publicGet(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4").result(api.meters().scrape()));
              routes.publicGet(
                  "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
              for (ApiModule module : modules) {
                module.register(routes);
              }
            });
    javalin.start();
    return new VigilServer(javalin, holder[0].registered());
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

  /** Every registered endpoint (method, path, roles). */
  public List<Routes.Route> routes() {
    return routes;
  }

  @Override
  public void close() {
    javalin.stop();
  }
}
