package org.vigil.hash.pdq;

/**
 * The eight rotations and mirrors of an image, in the reference's output order. PDQ derives the
 * hash of each from the original's DCT matrix (a transpose and sign flips), without re-hashing
 * pixels.
 */
public enum Dihedral {
  ORIGINAL,
  /** Rotated 90 degrees counter-clockwise. */
  ROTATE_90,
  ROTATE_180,
  /** Rotated 270 degrees counter-clockwise (90 clockwise). */
  ROTATE_270,
  /** Top and bottom swapped. */
  FLIP_X,
  /** Left and right swapped (mirror). */
  FLIP_Y,
  /** Transposed about the main diagonal. */
  FLIP_PLUS_1,
  /** Transposed about the anti-diagonal. */
  FLIP_MINUS_1
}
