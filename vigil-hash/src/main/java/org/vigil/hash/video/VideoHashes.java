package org.vigil.hash.video;

/**
 * Both video hashes of one file.
 *
 * @param info what the container declared
 * @param vpdq the vPDQ hash (sampled frames' PDQ)
 * @param tmk the TMK+PDQF hash
 */
public record VideoHashes(VideoInfo info, VpdqHash vpdq, TmkFeatures tmk) {}
