package org.vigil.core.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A signed statement "the audit chain's entry {@code seq} had hash {@code hash} at {@code
 * signedAt}". Kept outside the database (an append-only file, copies with auditors), it anchors the
 * chain: whoever can rewrite the database can recompute every later hash and the head, but cannot
 * make an earlier checkpoint agree without the signing key.
 *
 * @param seq the chain entry signed (the head at signing time)
 * @param hash that entry's hash
 * @param signedAt when it was signed
 * @param keyId the first 16 hex characters of SHA-256 over the public key
 * @param publicKey the Ed25519 public key, X.509 DER in base64, so a file of checkpoints can be
 *     checked alone (an auditor pins the key they were given separately)
 * @param signature Ed25519 over {@link #signedBytes}, base64
 */
public record AuditCheckpoint(
    long seq, String hash, Instant signedAt, String keyId, String publicKey, String signature) {

  /** Exactly what is signed: a version tag and the three facts, one per line. */
  public byte[] signedBytes() {
    return signedBytes(seq, hash, signedAt);
  }

  static byte[] signedBytes(long seq, String hash, Instant signedAt) {
    return ("vigil-audit-checkpoint-v1\n" + seq + "\n" + hash + "\n" + signedAt)
        .getBytes(StandardCharsets.UTF_8);
  }
}
