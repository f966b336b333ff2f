package org.vigil.core.review;

import java.util.Locale;

/**
 * Why content is restricted: it breaks the law, or the platform's terms (DSA Art. 17(3)(d)/(e)).
 */
public enum DecisionGround {
  ILLEGAL,
  TERMS;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The ground named {@code wire}, or null when there is none. */
  public static DecisionGround fromWire(String wire) {
    for (DecisionGround ground : values()) {
      if (ground.wireName().equals(wire)) {
        return ground;
      }
    }
    return null;
  }
}
