package org.vigil.core.evidence;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Where ciphertexts live: a directory under the data directory by default (an S3-compatible bucket
 * is the other option). Writes are atomic and durable before they return: a crash leaves either the
 * whole blob or none.
 */
public interface EvidenceBlobs {

  /** Stores {@code ciphertext} under {@code id}, replacing nothing: a second put is a no-op. */
  void put(String id, byte[] ciphertext);

  Optional<byte[]> get(String id);

  /** Removes the blob; true when one was there. */
  boolean delete(String id);

  /** Ids of blobs written before {@code instant} (to find those whose row never committed). */
  Set<String> idsOlderThan(Instant instant);

  /**
   * Removes what writes cut short by a crash left behind (never a whole blob), when older than
   * {@code instant}. Stores whose writes are atomic by themselves (an S3 PUT) have nothing to do.
   *
   * @return how many leftovers were removed
   */
  default int removeIncomplete(Instant instant) {
    return 0;
  }
}
