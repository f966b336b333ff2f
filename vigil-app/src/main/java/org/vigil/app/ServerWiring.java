package org.vigil.app;

import java.time.Duration;
import java.util.List;
import org.vigil.core.jobs.PeriodicJob;
import org.vigil.server.ApiModule;
import org.vigil.server.HttpApi;
import org.vigil.server.ServerConfig;
import org.vigil.server.TokenBuckets;
import org.vigil.server.VigilServer;
import org.vigil.server.api.AuditApi;
import org.vigil.server.api.BanksApi;
import org.vigil.server.api.CourtOrdersApi;
import org.vigil.server.api.DecisionsApi;
import org.vigil.server.api.EvidenceApi;
import org.vigil.server.api.ExchangesApi;
import org.vigil.server.api.KeysApi;
import org.vigil.server.api.LegalHoldsApi;
import org.vigil.server.api.MinorsApi;
import org.vigil.server.api.PoliciesApi;
import org.vigil.server.api.ReportsApi;
import org.vigil.server.api.ReviewApi;
import org.vigil.server.api.RulesApi;
import org.vigil.server.api.ScanApi;
import org.vigil.server.api.SignalHoldsApi;
import org.vigil.server.api.WebhooksApi;
import org.vigil.server.console.ConsoleModule;

/**
 * Puts the HTTP server on top of the wired services: each API module gets the use cases it
 * translates to, and the server gets only the modules, the key check, the metrics and the database
 * probe (it never sees the store).
 */
public final class ServerWiring {

  private ServerWiring() {}

  /** The API modules, in the order they appear in the API description. */
  public static List<ApiModule> modules(VigilApp app) {
    VigilConfig config = app.config();
    return List.of(
        new BanksApi(app.banks(), config.maxImportBytes()),
        new ExchangesApi(app.exchanges().exchanges()),
        new ScanApi(
            app.scans(),
            app.queuedScans(),
            app.mediaHasher(),
            app.videoHasher(),
            config.maxUploadBytes()),
        new KeysApi(app.keys(), app.keyStore(), app.audit(), app.clock()),
        new AuditApi(app.auditStore(), app.auditCheckpointLog()),
        new DecisionsApi(app.decisionLog()),
        new LegalHoldsApi(app.legalHolds()),
        new PoliciesApi(app.policies()),
        new MinorsApi(
            app.decide(),
            app.accounts(),
            app.accountsReview(),
            app.reviewActions(),
            app.audit(),
            app.clock(),
            new TokenBuckets(config.security().decidePerSecond(), config.security().decideBurst())),
        new RulesApi(() -> app.minors().rules(), app.clock()),
        new CourtOrdersApi(app.courtOrders(), app.audit()),
        new EvidenceApi(app.evidence()),
        new ReportsApi(app.authorityReports(), app.evidence(), app.euExports()),
        new WebhooksApi(app.webhooks()),
        new SignalHoldsApi(app.exchangeLoop().holds()),
        new ReviewApi(app.review().intake(), app.review().review()),
        new ConsoleModule(
            app.review().consoleUsers(),
            app.review().review(),
            app.review().exposure(),
            app.review().decisions(),
            app.auditStore(),
            app.authorityReports(),
            config.review().secureCookies()));
  }

  /** The server's own settings, from the validated configuration. */
  public static ServerConfig serverConfig(VigilConfig config, ServiceSettings service) {
    return new ServerConfig(
        config.host(),
        config.port(),
        config.maxRequestBytes(),
        service.tlsCert(),
        service.tlsKey(),
        service.trustedProxies());
  }

  /** Starts listening on plain HTTP; returns once requests are accepted. */
  public static VigilServer start(VigilApp app) {
    return start(app, ServiceSettings.defaults());
  }

  /**
   * Starts listening; returns once requests are accepted. With TLS, a job checks the certificate
   * files every {@link #TLS_RELOAD_EVERY} and installs a renewed certificate without a restart.
   */
  public static VigilServer start(VigilApp app, ServiceSettings service) {
    VigilServer server =
        VigilServer.start(
            serverConfig(app.config(), service),
            new HttpApi(modules(app), app.keys(), app.meters(), app::databaseUp));
    app.schedule(
        PeriodicJob.of(
            "bank-metrics",
            METRICS_REFRESH,
            () -> app.serviceMetrics().refreshBanks(app.banks(), app.matcher())));
    app.schedule(
        PeriodicJob.of(
            "outbox-metrics",
            METRICS_REFRESH,
            () ->
                app.serviceMetrics()
                    .refreshOutbox(app.outbox().backlog(app.clock().instant()), app.clock())));
    if (service.tls()) {
      app.schedule(PeriodicJob.of("tls-reload", TLS_RELOAD_EVERY, server::reloadTlsIfChanged));
    }
    return server;
  }

  /**
   * How often the gauges read from the store and the indexes are refreshed (bank sizes, index
   * memory, outbox backlog): cheap reads, fresh enough for a 15 s scrape interval.
   */
  static final Duration METRICS_REFRESH = Duration.ofSeconds(5);

  /** How often the TLS certificate files are checked for a renewal. */
  public static final Duration TLS_RELOAD_EVERY = Duration.ofSeconds(30);
}
