package org.vigil.core.audit;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Storage port for the append-only audit chain. */
public interface AuditStore {

  /**
   * Appends atomically: reads the chain head, links the event with {@link AuditChain#link}, writes
   * it. Safe when several processes append to one database.
   */
  AuditEntry append(AuditEvent event, Instant at);

  /** The newest link as the store's head row records it (seq 0 and the genesis hash when empty). */
  Head head();

  /** The chain head: sequence number and hash of the newest entry. */
  record Head(long seq, String hash) {}

  /**
   * The entries that record pruned entries ({@link AuditPrunings#ACTION}), oldest first: the
   * verifier reads them before walking the chain, which they follow.
   */
  List<AuditEntry> prunings();

  /** Streams every entry in sequence order. */
  void forEach(Consumer<AuditEntry> sink);

  /**
   * The newest entries first, at most {@code limit}, optionally only those about {@code subject}.
   */
  List<AuditEntry> latest(int limit, String subject);

  /**
   * Entries with a sequence number above {@code afterSeq}, oldest first: the pages of a complete
   * read (API cursor, export). {@code subject} null = every subject.
   */
  List<AuditEntry> after(long afterSeq, int limit, String subject);
}
