package org.vigil.core.banks;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies bank changes made by other servers sharing the database to this server's in-memory
 * indexes. Each server polls the change log; changes this server made itself were applied when it
 * made them and are skipped.
 */
public final class BankSync {

  private static final Logger LOG = LoggerFactory.getLogger(BankSync.class);
  private static final int PAGE = 1000;

  private final BankStore store;
  private final BankIndex matcher;
  private final Set<Long> appliedLocally = ConcurrentHashMap.newKeySet();
  private volatile long applied;

  public BankSync(BankStore store, BankIndex matcher) {
    this.store = store;
    this.matcher = matcher;
  }

  /**
   * Records that the indexes reflect every change up to {@code seq} (start-up: a full load or an
   * index snapshot). Changes after it are applied by the next {@link #poll()}, including those this
   * server made itself before: the indexes were just replaced, and applying a change again is
   * harmless (a signal is added by its id).
   */
  public synchronized void startFrom(long seq) {
    applied = seq;
    appliedLocally.clear();
  }

  /** The newest change the indexes reflect. */
  long applied() {
    return applied;
  }

  /** Records a change this server made and applied itself. */
  void markAppliedLocally(long seq) {
    appliedLocally.add(seq);
  }

  /**
   * Applies a change this server wrote to the log itself (an exchange page's changes, written in
   * the page's transaction) and remembers it so {@link #poll()} does not apply it again.
   */
  synchronized void applyMadeHere(BankChange change) {
    apply(change);
    if (change.seq() > applied) {
      appliedLocally.add(change.seq());
    }
  }

  /**
   * Applies every change not yet applied; returns how many were applied. Called by one scheduler
   * thread.
   */
  public synchronized int poll() {
    int count = 0;
    List<BankChange> changes;
    do {
      changes = store.changesAfter(applied, PAGE);
      for (BankChange change : changes) {
        if (!appliedLocally.remove(change.seq())) {
          apply(change);
          count++;
        }
        applied = change.seq();
      }
    } while (changes.size() == PAGE);
    return count;
  }

  private void apply(BankChange change) {
    String bank = change.bank();
    switch (change.kind()) {
      case BANK_PUT ->
          store.find(bank).ifPresentOrElse(matcher::putBank, () -> matcher.removeBank(bank));
      case BANK_DELETE -> matcher.removeBank(bank);
      case SIGNAL_ADD -> store.findSignal(bank, change.signalId()).ifPresent(matcher::addSignal);
      case SIGNAL_REMOVE ->
          matcher.removeSignal(
              new Signal(
                  change.signalId(), bank, change.signalType(), null, null, null, null, null));
      case BANK_RELOAD ->
          store
              .find(bank)
              .ifPresent(b -> matcher.replaceBank(b, sink -> store.forEachSignal(bank, sink)));
    }
    LOG.debug("applied bank change {} {} {}", change.seq(), change.kind(), bank);
  }
}
