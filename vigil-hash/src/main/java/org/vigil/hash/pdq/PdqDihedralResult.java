package org.vigil.hash.pdq;

import java.util.Arrays;
import org.vigil.hash.PdqHash;

/** The hashes of all eight {@link Dihedral} variants of one image, sharing one quality. */
public final class PdqDihedralResult {

  private final PdqHash[] hashes;
  private final int quality;

  PdqDihedralResult(PdqHash[] hashes, int quality) {
    this.hashes = hashes.clone();
    this.quality = quality;
  }

  public PdqHash hash(Dihedral variant) {
    return hashes[variant.ordinal()];
  }

  public int quality() {
    return quality;
  }

  @Override
  public String toString() {
    return Arrays.toString(hashes) + " quality " + quality;
  }
}
