package org.vigil.report.exchanges;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.vigil.core.audit.AuditEvent;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.auth.Principal;
import org.vigil.core.banks.BankService;
import org.vigil.core.banks.BankSettings;
import org.vigil.core.banks.exchanges.Credentials;
import org.vigil.core.banks.exchanges.CredentialsRef;
import org.vigil.core.banks.exchanges.ExchangeAdapters;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeSecrets;
import org.vigil.core.banks.exchanges.ExchangeStore;
import org.vigil.core.banks.exchanges.ExchangeSync;
import org.vigil.core.evidence.EnvelopeCipher;
import org.vigil.core.matcher.BankMatcher;
import org.vigil.store.Database;
import org.vigil.store.JdbcAuditStore;
import org.vigil.store.JdbcBankStore;
import org.vigil.store.JdbcExchangeStore;
import org.vigil.store.TestDatabases;

/**
 * One Vigil's worth of exchange machinery on a fresh real PostgreSQL database: bank store, matcher,
 * bank service, audit log, exchange store, sealed secrets, the url and ncmec adapters, and the
 * sync. {@link #restart()} stands for a process restart: new matcher loaded from the store, new
 * sync, same database.
 */
final class ExchangeRig implements AutoCloseable {

  static final String BANK = "feed";

  final Database db;
  final Clock clock;
  final JdbcBankStore bankStore;
  final JdbcExchangeStore store;
  final AuditLog audit;
  final ExchangeSecrets secrets;
  final ExchangeAdapters adapters;
  BankMatcher matcher;
  BankService banks;
  ExchangeStore syncStore;

  ExchangeRig(Clock clock) {
    this.db = TestDatabases.freshPostgres();
    this.clock = clock;
    this.bankStore = new JdbcBankStore(db);
    this.store = new JdbcExchangeStore(db);
    this.syncStore = store;
    this.audit = new AuditLog(new JdbcAuditStore(db), clock);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.secrets = new ExchangeSecrets(new EnvelopeCipher(key), store);
    ExchangeHttp http = new ExchangeHttp();
    this.adapters =
        new ExchangeAdapters(
            List.of(new UrlExchangeFactory(http), new NcmecExchangeFactory(http, clock)));
    restart();
    banks.create(BANK, new BankSettings(null, null, "review", true), Principal.local("test"));
  }

  /** A restarted process: the matcher rebuilt from the store, a new sync. */
  void restart() {
    matcher = new BankMatcher();
    banks = new BankService(bankStore, matcher, audit, clock);
    banks.loadAll();
  }

  ExchangeSync sync() {
    return new ExchangeSync(syncStore, adapters, secrets, banks, audit, clock);
  }

  ExchangeConfig create(
      String name,
      String type,
      URI url,
      Map<String, String> options,
      Optional<Credentials> credentials) {
    ExchangeConfig config =
        new ExchangeConfig(
            name,
            "default",
            type,
            BANK,
            url,
            credentials.isPresent() ? CredentialsRef.STORED : CredentialsRef.NONE,
            Duration.ofMinutes(10),
            true,
            options,
            clock.instant(),
            clock.instant());
    adapters.find(type).orElseThrow().validate(config, credentials.map(c -> c.fields().keySet()));
    if (!store.create(
        config,
        credentials.map(c -> secrets.seal(name, c)),
        new AuditEvent("system", "exchange.create", "exchange:" + name, "{}"))) {
      throw new IllegalStateException("exists: " + name);
    }
    return config;
  }

  /** "type:value" of every signal in the bank, from the store. */
  TreeSet<String> bankContents() {
    TreeSet<String> out = new TreeSet<>();
    bankStore.forEachSignal(BANK, s -> out.add(s.type().wireName() + ":" + s.value()));
    return out;
  }

  /** What this process's matcher holds for the bank. */
  int matcherSize() {
    return matcher.size(BANK);
  }

  Instant now() {
    return clock.instant();
  }

  @Override
  public void close() {
    db.close();
  }
}
