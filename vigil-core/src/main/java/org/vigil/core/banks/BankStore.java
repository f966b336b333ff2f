package org.vigil.core.banks;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Storage port for banks and their signals. */
public interface BankStore {

  /** Inserts the bank; returns false when one with this name exists. */
  boolean insert(Bank bank);

  /** Replaces the bank's settings; returns false when it does not exist. */
  boolean update(Bank bank);

  Optional<Bank> find(String name);

  List<Bank> list();

  /** Deletes the bank and its signals; returns false when it did not exist. */
  boolean delete(String name);

  /**
   * Stores one signal and returns it with its id; an identical (type, value) already present is
   * returned instead.
   */
  Signal addSignal(String bank, NewSignal signal, java.time.Instant at);

  /**
   * Stores many signals in one transaction; (type, value) pairs already in the bank are skipped.
   *
   * @return how many were new
   */
  int addSignals(String bank, List<NewSignal> signals, java.time.Instant at);

  /**
   * As {@link #addSignals(String, List, java.time.Instant)}, and in the SAME transaction appends
   * the audit event {@code audit} builds from the number of rows added: rows and their audit entry
   * are committed together or not at all, however the import ends.
   */
  int addSignals(
      String bank,
      List<NewSignal> signals,
      java.time.Instant at,
      java.util.function.IntFunction<org.vigil.core.audit.AuditEvent> audit);

  Optional<Signal> findSignal(String bank, long id);

  boolean removeSignal(String bank, long id);

  long countSignals(String bank);

  /** Streams every signal of the bank, without holding them all in memory. */
  void forEachSignal(String bank, Consumer<Signal> sink);

  /** A page of the bank's signals ordered by id, starting after {@code afterId}. */
  List<Signal> listSignals(String bank, long afterId, int limit);

  /**
   * Appends to the bank change log; sequence numbers are committed in order.
   *
   * @return the change's sequence number
   */
  long recordChange(
      String bank,
      BankChange.Kind kind,
      Long signalId,
      SignalType signalType,
      java.time.Instant at);

  /** Changes after {@code seq}, oldest first, at most {@code limit}. */
  List<BankChange> changesAfter(long seq, int limit);

  /** The newest change's sequence number (0 when none). */
  long lastChangeSeq();
}
