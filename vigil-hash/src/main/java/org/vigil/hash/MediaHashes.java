package org.vigil.hash;

/**
 * Everything Vigil computes from one media file in a single read.
 *
 * @param pdq the PDQ hash, or null when the format has no PDQ (not an image)
 * @param quality PDQ quality 0–100 (0 when {@code pdq} is null)
 * @param md5 lowercase hex MD5 of the raw bytes
 * @param sha256 lowercase hex SHA-256 of the raw bytes
 */
public record MediaHashes(
    PdqHash pdq, int quality, String md5, String sha256, int width, int height) {}
