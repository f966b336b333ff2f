package org.vigil.core.records;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Storage port for decision records: the system of record for everything Vigil decided.
 *
 * <p>{@link #append} returns only when the decision, its audit entries and its outbox messages are
 * durable on disk, all in one transaction: a decision answered is a decision kept.
 */
public interface DecisionLog {

  /** Stores {@code commit} durably and atomically. */
  void append(DecisionCommit commit);

  /**
   * Tells the log that {@code decision} was stored by another port inside a larger transaction (a
   * moderator's decision with its case's decided mark, a decision with the case its policy actions
   * opened), {@code nanos} after the write began; a metering log counts it as if appended.
   */
  default void recorded(DecisionRecord decision, long nanos) {}

  /** The decision with {@code id} if it belongs to {@code tenant}. */
  Optional<DecisionRecord> find(String tenant, String id);

  /** A page of decisions, newest first. */
  DecisionPage query(DecisionQuery query);

  /** Streams {@code tenant}'s decisions created in [from, to), oldest first (backtests). */
  void forEach(String tenant, Instant from, Instant to, Consumer<DecisionRecord> sink);

  /**
   * Streams every decision of {@code tenant} that a shadow {@code policyVersion} evaluated, oldest
   * first.
   */
  void forEachShadowedBy(String tenant, String policyVersion, Consumer<DecisionRecord> sink);
}
