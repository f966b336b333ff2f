package org.vigil.core.banks;

import java.util.function.Consumer;

/**
 * Where bank changes go once the store holds them: the in-memory indexes scans match against (the
 * matcher implements it). A port, so that banks (which changes) does not depend on the matcher
 * (which reads), and the matcher may depend on banks' types.
 */
public interface BankIndex {

  /** Streams a bank's signals into a sink without holding them all (a store cursor). */
  @FunctionalInterface
  interface SignalSource {
    void forEach(Consumer<Signal> sink);
  }

  /** Adds the bank, or updates its settings while keeping its indexes. */
  void putBank(Bank bank);

  /** Replaces a bank's indexes wholesale (after a bulk import or at start-up). */
  void replaceBank(Bank bank, SignalSource signals);

  void removeBank(String name);

  void addSignal(Signal signal);

  void removeSignal(Signal signal);
}
