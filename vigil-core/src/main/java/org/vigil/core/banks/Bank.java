package org.vigil.core.banks;

import java.time.Instant;

/**
 * A named hash list with its own matching rules.
 *
 * @param pdqThreshold largest Hamming distance that counts as a PDQ match (0–256; 31 by default)
 */
public record Bank(
    String name,
    String description,
    int pdqThreshold,
    BankAction action,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt) {

  public static final int DEFAULT_PDQ_THRESHOLD = 31;
}
