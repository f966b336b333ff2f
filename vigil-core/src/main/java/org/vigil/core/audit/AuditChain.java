package org.vigil.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash-chain rule, in one place so that writers and the verifier cannot disagree.
 *
 * <p>hash = SHA-256 over the previous hash and every field, each field length-prefixed so that no
 * two different entries serialise to the same bytes. Timestamps are cut to milliseconds because
 * databases store different sub-millisecond precisions.
 */
public final class AuditChain {

  /** The previous hash of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  public static Instant normalise(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS);
  }

  public static String link(String prevHash, long seq, Instant at, AuditEvent event) {
    MessageDigest digest = sha256();
    update(digest, prevHash);
    update(digest, Long.toString(seq));
    update(digest, normalise(at).toString());
    update(digest, event.actor());
    update(digest, event.action());
    update(digest, event.subject());
    update(digest, event.detailsJson());
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Recomputes the hash an entry should have. */
  public static String expectedHash(AuditEntry entry) {
    return link(
        entry.prevHash(),
        entry.seq(),
        entry.at(),
        new AuditEvent(entry.actor(), entry.action(), entry.subject(), entry.detailsJson()));
  }

  private static void update(MessageDigest digest, String field) {
    byte[] bytes = (field == null ? "" : field).getBytes(StandardCharsets.UTF_8);
    digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) ':');
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
