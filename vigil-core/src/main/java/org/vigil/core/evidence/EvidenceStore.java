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
  EvidenceItem insertOrGet(EvidenceItem item, WrappedKey wrappedKey);

  Optional<EvidenceItem> find(String id);

  /** The item's wrapped data key and the id of its master key; empty once destroyed. */
  Optional<WrappedKey> wrappedKey(String id);

  /** An item's id and its wrapped data key, for a master-key rotation. */
  record Wrapped(String id, WrappedKey key) {}

  /**
   * Items not destroyed whose data key is wrapped by another master key than {@code keyId} (or by
   * one without an id), with ids after {@code afterId} in id order: a rotation's next page.
   */
  List<Wrapped> wrappedNotUnder(String keyId, String afterId, int limit);

  /**
   * Replaces the item's wrapped key with {@code replacement} if it is still {@code expected} (not
   * re-wrapped by another run, not destroyed meanwhile).
   *
   * @return whether the row changed
   */
  boolean replaceWrappedKey(String id, WrappedKey expected, WrappedKey replacement);

  /** How many items not destroyed each master key wraps ({@code keyId} null: no id recorded). */
  record KeyCount(String keyId, long items) {}

  List<KeyCount> countByMasterKey();

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
