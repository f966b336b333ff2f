package org.vigil.core.matcher;

import org.vigil.hash.PdqHash;

/**
 * The hashes of one piece of content; any may be null when unknown.
 *
 * @param pdqQuality PDQ quality 0–100 when Vigil computed it, or -1 when the caller sent the hash
 */
public record ScanHashes(PdqHash pdq, int pdqQuality, String md5, String sha256) {}
