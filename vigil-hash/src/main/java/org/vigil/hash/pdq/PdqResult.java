package org.vigil.hash.pdq;

import org.vigil.hash.PdqHash;

/**
 * One PDQ hash and its quality.
 *
 * @param quality 0–100; the reference advises discarding hashes with quality below 50
 */
public record PdqResult(PdqHash hash, int quality) {}
