package org.vigil.core.banks;

/**
 * One entry of the bank change log that keeps every server's in-memory indexes in step with the
 * shared store. Entries name what changed, not the new state: the state is read from the store when
 * the change is applied, so applying an old change never undoes a newer one.
 *
 * @param signalId for signal changes
 * @param signalType for removals (the signal row is gone by then)
 */
public record BankChange(long seq, String bank, Kind kind, Long signalId, SignalType signalType) {

  /** What kind of change. */
  public enum Kind {
    /** Bank created or its settings changed. */
    BANK_PUT,
    BANK_DELETE,
    SIGNAL_ADD,
    SIGNAL_REMOVE,
    /** Many signals changed (bulk import): reload the bank's indexes from the store. */
    BANK_RELOAD
  }
}
