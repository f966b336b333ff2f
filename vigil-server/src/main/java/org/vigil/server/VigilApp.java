package org.vigil.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.audit.AuditStore;
import org.vigil.core.auth.ApiKeyStore;
import org.vigil.core.auth.ApiKeys;
import org.vigil.core.banks.BankService;
import org.vigil.core.match.BankMatcher;
import org.vigil.core.scan.ScanService;
import org.vigil.hash.MediaHasher;
import org.vigil.store.Database;
import org.vigil.store.JdbcApiKeyStore;
import org.vigil.store.JdbcAuditStore;
import org.vigil.store.JdbcBankStore;
import org.vigil.store.JdbcDecisionStore;

/**
 * The wiring: one database, the stores on it, and the services built from them. Constructed once
 * per process; the HTTP server and the CLI commands both take their services from here, so a
 * command line operation and an API call behave identically.
 */
public final class VigilApp implements AutoCloseable {

  private final VigilConfig config;
  private final Clock clock;
  private final Database database;
  private final AuditStore auditStore;
  private final AuditLog audit;
  private final ApiKeyStore keyStore;
  private final ApiKeys keys;
  private final BankMatcher matcher;
  private final BankService banks;
  private final ScanService scans;
  private final MediaHasher mediaHasher;
  private final PrometheusMeterRegistry meters;

  private VigilApp(VigilConfig config, Clock clock, Database database) {
    this.config = config;
    this.clock = clock;
    this.database = database;
    this.auditStore = new JdbcAuditStore(database);
    this.audit = new AuditLog(auditStore, clock);
    this.keyStore = new JdbcApiKeyStore(database);
    this.keys = new ApiKeys(keyStore, clock);
    this.matcher = new BankMatcher();
    this.banks = new BankService(new JdbcBankStore(database), matcher, audit, clock);
    this.scans =
        new ScanService(
            matcher, new JdbcDecisionStore(database), audit, clock, config.minPdqQuality());
    this.mediaHasher = new MediaHasher(config.maxImagePixels());
    this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * Opens the configured database (migrating it) and wires every service; banks are not yet loaded.
   */
  public static VigilApp open(VigilConfig config, Clock clock) {
    String url = config.dbUrl() != null ? config.dbUrl() : Database.embeddedUrl(config.dataDir());
    return new VigilApp(config, clock, Database.open(url, config.dbUser(), config.dbPassword()));
  }

  public VigilConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public Database database() {
    return database;
  }

  public AuditLog audit() {
    return audit;
  }

  public AuditStore auditStore() {
    return auditStore;
  }

  public ApiKeyStore keyStore() {
    return keyStore;
  }

  public ApiKeys keys() {
    return keys;
  }

  public BankMatcher matcher() {
    return matcher;
  }

  public BankService banks() {
    return banks;
  }

  public ScanService scans() {
    return scans;
  }

  public MediaHasher mediaHasher() {
    return mediaHasher;
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  @Override
  public void close() {
    meters.close();
    database.close();
  }
}
