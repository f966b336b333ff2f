package org.vigil.core.records;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Storage port for decision records: the system of record for everything Vigil decided.
 *
 * <p>{@link #append} returns only when the decision, its audit entries and its outbox messages are
 * durable on disk, all in one transaction: a decision answered is a decision kept. Inside a {@link
 * CommitScope} an implementation may instead return once the commit is queued, registering its
 * durability with the scope, whose opener answers only after it.
 */
public interface DecisionLog {

  /**
   * Stores {@code commit} durably and atomically; inside a {@link CommitScope}, possibly only
   * queued (the scope then tells when it is durable, or why it failed).
   */
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
