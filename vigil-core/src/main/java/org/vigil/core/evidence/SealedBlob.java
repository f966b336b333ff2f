package org.vigil.core.evidence;

import java.time.Instant;

/**
 * Evidence whose ciphertext is already on disk but whose metadata row is not yet written: the first
 * half of a preservation that commits its row inside someone else's transaction (a decision's). If
 * that transaction never commits, the blob is an orphan and {@link EvidenceVault#removeOrphans}
 * deletes it after the grace period.
 *
 * @param id the item id the blob is stored (and its data key bound) under
 * @param sha256 of the plaintext
 * @param size plaintext bytes
 * @param wrappedKey the item's data key, wrapped by the current master key, with that key's id
 *     (goes into the row)
 * @param sealedAt when the blob was written
 */
public record SealedBlob(
    String id, String sha256, long size, WrappedKey wrappedKey, Instant sealedAt) {

  /** The metadata row for this blob. */
  public EvidenceItem item(
      String tenant,
      String source,
      String contentId,
      String mediaType,
      String jurisdiction,
      Instant retainUntil) {
    return new EvidenceItem(
        id,
        tenant,
        source,
        contentId,
        mediaType == null || mediaType.isBlank() ? "application/octet-stream" : mediaType,
        size,
        sha256,
        jurisdiction,
        sealedAt,
        retainUntil,
        null,
        null);
  }
}
