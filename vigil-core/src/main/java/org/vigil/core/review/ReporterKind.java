package org.vigil.core.review;

import java.util.Locale;

/** Who sent a notice: a user, a trusted flagger (DSA Art. 22, handled first) or nobody named. */
public enum ReporterKind {
  USER,
  TRUSTED_FLAGGER,
  ANONYMOUS;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code wire}, or null when there is none. */
  public static ReporterKind fromWire(String wire) {
    for (ReporterKind kind : values()) {
      if (kind.wireName().equals(wire)) {
        return kind;
      }
    }
    return null;
  }
}
