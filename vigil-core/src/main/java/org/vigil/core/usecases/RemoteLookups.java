package org.vigil.core.usecases;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.core.audit.AuditLog;
import org.vigil.core.banks.BankService;
import org.vigil.core.banks.SignalType;
import org.vigil.core.banks.exchanges.AppliedPage;
import org.vigil.core.banks.exchanges.Delta;
import org.vigil.core.banks.exchanges.ExchangeAdapter;
import org.vigil.core.banks.exchanges.ExchangeAdapterFactory;
import org.vigil.core.banks.exchanges.ExchangeAdapters;
import org.vigil.core.banks.exchanges.ExchangeConfig;
import org.vigil.core.banks.exchanges.ExchangeException;
import org.vigil.core.banks.exchanges.ExchangeSecrets;
import org.vigil.core.banks.exchanges.ExchangeStore;
import org.vigil.core.matcher.RemoteLookup;
import org.vigil.core.matcher.RemoteMatcher;
import org.vigil.hash.PdqHash;

/**
 * The remote lists (exchanges whose adapter is a {@link RemoteLookup}) asked during scans. A hit is
 * written to the exchange's bank as a fetched page would be (signal, provenance, change log, audit
 * entry in one transaction), so the scan's bank match finds it and every server learns it. A list
 * that cannot answer does not stop the scan: the decision records that it did not answer (the
 * policy decides on what is known; the error is in the decision's context and the log).
 *
 * <p>The configured exchanges are re-read by {@link #refresh()} on the bank-sync beat, not per
 * scan.
 */
public final class RemoteLookups implements RemoteMatcher {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteLookups.class);

  private record Remote(ExchangeConfig config, RemoteLookup lookup) {}

  private final ExchangeStore store;
  private final ExchangeAdapters adapters;
  private final ExchangeSecrets secrets;
  private final BankService banks;
  private final AuditLog audit;
  private final Clock clock;
  private volatile List<Remote> remotes = List.of();

  public RemoteLookups(
      ExchangeStore store,
      ExchangeAdapters adapters,
      ExchangeSecrets secrets,
      BankService banks,
      AuditLog audit,
      Clock clock) {
    this.store = store;
    this.adapters = adapters;
    this.secrets = secrets;
    this.banks = banks;
    this.audit = audit;
    this.clock = clock;
  }

  /** Re-reads which enabled exchanges are remote lists (and their credentials). */
  public void refresh() {
    List<Remote> found = new ArrayList<>();
    for (ExchangeConfig config : store.listAll()) {
      if (!config.enabled()) {
        continue;
      }
      Optional<ExchangeAdapterFactory> factory = adapters.find(config.type());
      if (factory.isEmpty()) {
        continue;
      }
      try {
        ExchangeAdapter adapter = factory.get().create(config, secrets.credentials(config));
        if (adapter instanceof RemoteLookup lookup) {
          found.add(new Remote(config, lookup));
        }
      } catch (ExchangeException e) {
        LOG.warn("remote list {} is not usable: {}", config.name(), e.getMessage());
      }
    }
    remotes = List.copyOf(found);
  }

  @Override
  public List<Map<String, Object>> learn(PdqHash pdq, String tenant) {
    List<Remote> current = remotes;
    if (current.isEmpty()) {
      return List.of();
    }
    List<Map<String, Object>> notes = new ArrayList<>();
    for (Remote remote : current) {
      if (!remote.config().tenant().equals(tenant)) {
        continue;
      }
      Map<String, Object> note = new LinkedHashMap<>();
      note.put("exchange", remote.config().name());
      try {
        RemoteLookup.Verdict verdict = remote.lookup().lookup(pdq);
        note.put("classification", verdict.classification());
        note.put("hit", verdict.hit());
        if (verdict.hit()) {
          store(remote.config(), pdq, verdict);
        }
      } catch (ExchangeException e) {
        note.put("error", e.kind().name().toLowerCase(java.util.Locale.ROOT));
        LOG.warn("remote list {} did not answer: {}", remote.config().name(), e.getMessage());
      }
      notes.add(note);
    }
    return notes;
  }

  private void store(ExchangeConfig config, PdqHash pdq, RemoteLookup.Verdict verdict) {
    Instant now = clock.instant();
    Delta upsert =
        new Delta.Upsert(
            SignalType.PDQ,
            pdq.toHex(),
            verdict.externalId(),
            List.of(verdict.classification()),
            verdict.matchType() == null ? List.of() : List.of("match:" + verdict.matchType()),
            now);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("bank", config.bank());
    details.put("classification", verdict.classification());
    AppliedPage applied =
        store.apply(
            config,
            List.of(upsert),
            now,
            audit.event("system", "exchange.lookup.hit", "exchange:" + config.name(), details));
    banks.applyStoredChanges(applied.changes());
  }
}
