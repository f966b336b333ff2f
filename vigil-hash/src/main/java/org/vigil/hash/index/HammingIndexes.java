package org.vigil.hash.index;

/** Chooses the Hamming index implementation the service uses for a bank. */
public final class HammingIndexes {

  private HammingIndexes() {}

  /**
   * A new, empty index suitable for any bank size and threshold: a {@link MultiIndexHammingIndex},
   * which scans linearly while the bank is small and indexes it as it grows.
   */
  public static HammingIndex newIndex() {
    return new MultiIndexHammingIndex();
  }

  /** Like {@link #newIndex()}, with the band layout tuned for the bank's threshold. */
  public static HammingIndex newIndex(int expectedThreshold) {
    return new MultiIndexHammingIndex(
        expectedThreshold, MultiIndexHammingIndex.DEFAULT_TAIL_CAPACITY);
  }
}
