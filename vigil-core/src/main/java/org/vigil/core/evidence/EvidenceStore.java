package org.vigil.core.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage port for the vault's metadata rows (and each item's wrapped data key). */
public interface EvidenceStore {

  /**
   * Inserts the row unless one already exists for the same tenant, source and SHA-256 (a retried
   * preservation after a crash), in which case the existing item is returned.
   */
  EvidenceItem insertOrGet(EvidenceItem item, byte[] wrappedKey);

  Optional<EvidenceItem> find(String id);

  Optional<byte[]> wrappedKey(String id);

  List<EvidenceItem> bySource(String tenant, String source);

  /** Sets or clears ({@code reason == null}) the legal hold and moves the retention date. */
  void setHold(String id, String reason, Instant retainUntil);

  /** Moves the retention date to {@code retainUntil} if it is later; never earlier. */
  void extendRetention(String id, Instant retainUntil);

  /** Items whose retention ended before {@code now}, not held, not yet deleted. */
  List<EvidenceItem> expired(Instant now, int limit);

  /** Records the destruction and forgets the wrapped key (crypto-shredding). */
  void markDeleted(String id, Instant at);

  /** Whether a row exists for {@code id}, deleted or not. */
  boolean exists(String id);
}
