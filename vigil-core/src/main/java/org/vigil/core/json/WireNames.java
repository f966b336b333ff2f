package org.vigil.core.json;

import java.util.Locale;

/** Lower-snake wire names for enums, so the JSON vocabulary lives next to the constants. */
public final class WireNames {
  private WireNames() {}

  /** {@code PARENTAL_CONSENT} becomes {@code parental_consent}. */
  public static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name into one of {@code constants}.
   *
   * @throws IllegalArgumentException naming every accepted value
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
    if (value != null) {
      for (E constant : type.getEnumConstants()) {
        if (of(constant).equals(value)) {
          return constant;
        }
      }
    }
    StringBuilder accepted = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      if (accepted.length() > 0) {
        accepted.append(", ");
      }
      accepted.append(of(constant));
    }
    throw new IllegalArgumentException(
        "unknown " + what + " '" + value + "'; expected one of " + accepted);
  }
}
