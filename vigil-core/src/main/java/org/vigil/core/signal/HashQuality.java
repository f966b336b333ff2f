package org.vigil.core.signal;

/**
 * The quality of the PDQ hash Vigil computed (0–100). Below the configured minimum the perceptual
 * hash is not matched (featureless images collide), only the exact digests are.
 *
 * @param pdqQuality the quality
 * @param minimum the configured minimum
 * @param pdqSkipped whether perceptual matching was skipped for it
 */
public record HashQuality(int pdqQuality, int minimum, boolean pdqSkipped) implements Signal {}
