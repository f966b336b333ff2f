package org.vigil.hash.index;

/** Chooses the Hamming index implementation the service uses for a bank. */
public final class HammingIndexes {

  private HammingIndexes() {}

  /** A new, empty index suitable for any bank size and threshold. */
  public static HammingIndex newIndex() {
    return new LinearScanHammingIndex();
  }
}
