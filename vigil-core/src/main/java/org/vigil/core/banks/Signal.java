package org.vigil.core.banks;

import java.time.Instant;

/**
 * One hash in a bank, with its provenance.
 *
 * @param value canonical lowercase hex
 * @param externalId the id the hash has in its source list
 * @param source where the hash came from (a list name, a partner)
 * @param category the source's category label
 */
public record Signal(
    long id,
    String bank,
    SignalType type,
    String value,
    String externalId,
    String source,
    String category,
    Instant createdAt) {}
