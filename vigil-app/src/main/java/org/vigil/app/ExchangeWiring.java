package org.vigil.app;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.banks.BankService;
import org.vigil.core.banks.exchanges.ExchangeAdapterFactory;
import org.vigil.core.banks.exchanges.ExchangeAdapters;
import org.vigil.core.banks.exchanges.ExchangeSecrets;
import org.vigil.core.banks.exchanges.ExchangeSync;
import org.vigil.core.banks.exchanges.Exchanges;
import org.vigil.core.evidence.EnvelopeCipher;
import org.vigil.core.jobs.PeriodicJob;
import org.vigil.report.exchanges.ArachnidShieldAdapterFactory;
import org.vigil.report.exchanges.ExchangeHttp;
import org.vigil.report.exchanges.NcmecExchangeFactory;
import org.vigil.report.exchanges.StopNciiAdapterFactory;
import org.vigil.report.exchanges.ThreatExchangeAdapterFactory;
import org.vigil.report.exchanges.UrlExchangeFactory;
import org.vigil.store.Database;
import org.vigil.store.JdbcExchangeStore;

/**
 * Hash-list exchanges: the adapter factories this build knows, the sync, the use case, and the one
 * periodic job that fetches every exchange on its own schedule. Stored exchange credentials are
 * sealed under {@code exchanges.key} in the data directory (32 random bytes, hex, created
 * owner-only on first start, like the vault key); back it up apart from the database.
 */
public final class ExchangeWiring {

  /** How often the exchange job wakes to look for exchanges whose schedule is due. */
  static final Duration TICK = Duration.ofSeconds(30);

  private final JdbcExchangeStore store;
  private final ExchangeSecrets secrets;
  private final ExchangeAdapters adapters;
  private final ExchangeSync sync;
  private final Exchanges exchanges;

  ExchangeWiring(
      VigilConfig config, Database database, BankService banks, AuditLog audit, Clock clock) {
    this.store = new JdbcExchangeStore(database);
    byte[] key =
        HexKeyFile.loadOrCreate(
            config.dataDir().resolve("exchanges.key"), false, "VIGIL_DATA_DIR", 32, 32);
    this.secrets = new ExchangeSecrets(new EnvelopeCipher(key), store);
    this.adapters = new ExchangeAdapters(factories(new ExchangeHttp(), clock));
    this.sync = new ExchangeSync(store, adapters, secrets, banks, audit, clock);
    this.exchanges = new Exchanges(store, adapters, secrets, sync, banks, audit, clock);
  }

  /** Every adapter type of this build; a new adapter is one line here. */
  static List<ExchangeAdapterFactory> factories(ExchangeHttp http, Clock clock) {
    return List.of(
        new UrlExchangeFactory(http),
        new NcmecExchangeFactory(http),
        new StopNciiAdapterFactory(clock, ExchangeLoopWiring.FEEDBACK_TIMEOUT),
        new ThreatExchangeAdapterFactory(clock, ExchangeLoopWiring.FEEDBACK_TIMEOUT),
        new ArachnidShieldAdapterFactory(ExchangeLoopWiring.REMOTE_LOOKUP_TIMEOUT));
  }

  /** The exchanges' store (configurations, sync state, provenance, opinions). */
  public JdbcExchangeStore store() {
    return store;
  }

  /** The exchanges' sealed credentials. */
  public ExchangeSecrets secrets() {
    return secrets;
  }

  /** The adapter types this build knows. */
  public ExchangeAdapters adapters() {
    return adapters;
  }

  public Exchanges exchanges() {
    return exchanges;
  }

  public ExchangeSync sync() {
    return sync;
  }

  /** The job {@link VigilApp#startExchangeSync()} schedules. */
  PeriodicJob job() {
    return sync.job(TICK);
  }
}
