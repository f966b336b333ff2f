package org.vigil.app;

import org.vigil.core.courtorders.IdentifierPseudonymiser;

/**
 * The court-order HMAC key: 32 random bytes as 64 hex characters in a file of its own, never in the
 * database. The default file under the data directory is generated on first start, owner-only like
 * the admin key; a file named in configuration must already exist (a typo in the path must not
 * silently mint a new key). Losing the key makes every registered order unmatchable: back it up
 * with the database, separately.
 */
public final class CourtOrderKeyFile {

  private CourtOrderKeyFile() {}

  /**
   * Reads the configured key, creating the default one when missing.
   *
   * @throws IllegalStateException naming the file and VIGIL_COURT_ORDER_KEY_FILE when unusable
   */
  public static byte[] loadOrCreate(VigilConfig config) {
    return HexKeyFile.loadOrCreate(
        config.resolvedCourtOrderKeyFile(),
        config.courtOrderKeyFile() != null,
        "VIGIL_COURT_ORDER_KEY_FILE",
        IdentifierPseudonymiser.MIN_KEY_BYTES,
        Integer.MAX_VALUE / 2);
  }
}
